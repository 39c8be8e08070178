package org.homelab.rollout.rehearsal.gitlab;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.gitlab.GitlabProperties;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.GuestCommand;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab reads the gitlab.rb the rollout renders for an external database as Omnibus
 * does: the password is {@code File.read('…').strip}, and reconfigure fails while that
 * file is missing, naming it.
 */
class GitlabRbFileReadTests {

	@Test
	void externalDatabasePasswordFileMustExistAtReconfigure() throws Exception {
		GitlabProperties properties = new GitlabProperties(true, "db.homelab.lan", 5432, "gitlabhq_production",
				"gitlab", "/etc/gitlab/secrets/db-password", "/var/opt/gitlab/backups", Duration.ofDays(7),
				List.of("gpu"), List.of("general"), Path.of("deploy/gitlab"));
		String rendered = new org.homelab.rollout.gitlab.GitlabRb(properties).render("homelab.lan", "192.168.1.10",
				"192.168.1.21", "192.168.1.5");

		GitlabRb config = GitlabRb.parse(rendered);

		assertThat(config.filesRead()).containsExactly("/etc/gitlab/secrets/db-password");
		Map<String, byte[]> files = new HashMap<>();
		files.put(GitlabApt.MARKER, GitlabApt.VERSION.getBytes(StandardCharsets.UTF_8));
		files.put(GitlabRb.PATH, rendered.getBytes(StandardCharsets.UTF_8));
		GitlabService service = new GitlabService(null, FaultInjector.none(), null, null);
		GuestCommand.Result result = service.run(guest(files), List.of("gitlab-ctl", "reconfigure"), null);
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.stderr())
			.contains("No such file or directory @ rb_sysopen - /etc/gitlab/secrets/db-password");
	}

	private static GuestCommand.Guest guest(Map<String, byte[]> files) {
		return new GuestCommand.Guest() {

			@Override
			public String name() {
				return GitlabService.VM_NAME;
			}

			@Override
			public int vmid() {
				return 123;
			}

			@Override
			public InetAddress address() {
				return InetAddress.getLoopbackAddress();
			}

			@Override
			public Map<String, byte[]> files() {
				return files;
			}

		};
	}

}
