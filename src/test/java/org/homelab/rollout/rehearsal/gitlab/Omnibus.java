package org.homelab.rollout.rehearsal.gitlab;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.LabSettings;
import org.homelab.rollout.rehearsal.RehearsalLab;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GitLab CE installed on a lab VM the way GitLab documents it for Debian, as Phase 2's
 * steps will send it through the guest agent.
 */
final class Omnibus {

	static final int VMID = 123;

	static final String ADDRESS = "127.0.10.23";

	static final String KEYRING = "/usr/share/keyrings/gitlab_gitlab-ce-archive-keyring.gpg";

	static final String GITLAB_RB = """
			external_url 'http://gitlab.homelab.lan'
			registry_external_url 'https://registry.homelab.lan'
			# Prometheus runs on its own VM
			prometheus_monitoring['enable'] = false
			gitlab_rails['monitoring_whitelist'] = ['127.0.0.0/8',
			  '10.0.10.30/32']
			""";

	private Omnibus() {
	}

	/**
	 * A started lab at test latency, GitLab's boot long enough (3 s) to be seen before it
	 * is ready.
	 */
	static RehearsalLab lab(Path dir) {
		return new RehearsalLab(
				new LabSettings(0.01, 42, List.of(), 0, 0, 0, dir, Contracts.locate(), Map.of("gitlab.boot", 300.0)))
			.start();
	}

	static void addRepository(GitlabVm vm) {
		GitlabVm.Exec key = vm
			.sh("curl -fsSL https://packages.gitlab.com/gitlab/gitlab-ce/gpgkey | gpg --dearmor -o " + KEYRING);
		assertThat(key.exitCode()).as(key.err()).isZero();
		vm.write("/etc/apt/sources.list.d/gitlab_gitlab-ce.list",
				"deb [signed-by=" + KEYRING + "] https://packages.gitlab.com/gitlab/gitlab-ce/debian/ bookworm main\n");
	}

	/** Repository, package, gitlab.rb, reconfigure: each must succeed. */
	static void install(GitlabVm vm, String gitlabRb) {
		addRepository(vm);
		GitlabVm.Exec apt = vm.exec("apt-get", "install", "-y", "gitlab-ce");
		assertThat(apt.exitCode()).as(apt.err()).isZero();
		vm.write("/etc/gitlab/gitlab.rb", gitlabRb);
		GitlabVm.Exec reconfigure = vm.exec("gitlab-ctl", "reconfigure");
		assertThat(reconfigure.exitCode()).as(reconfigure.err()).isZero();
		assertThat(reconfigure.out()).contains("gitlab Reconfigured!");
	}

	/** A personal access token of root made by the engine's runner snippet. */
	static String token(GitlabVm vm, String name, String scopes, String expiresAt) {
		GitlabVm.Exec runner = vm.exec("gitlab-rails", "runner",
				"user = User.find_by_username('root'); " + "token = user.personal_access_tokens.create!(name: '" + name
						+ "', scopes: [" + scopes + "], expires_at: " + expiresAt + "); puts token.token");
		assertThat(runner.exitCode()).as(runner.err()).isZero();
		return runner.out().strip();
	}

}
