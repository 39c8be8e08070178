package org.homelab.rollout.gitlab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.homelab.rollout.sops.CommitScan;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GitlabRbTests {

	private static final Path SHIPPED = Path.of("deploy/gitlab");

	@TempDir
	Path dir;

	@Test
	void bundledDatabaseFileIsValidRubyWithTheInventorysValues() throws Exception {
		String rb = new GitlabRb(properties(false, null)).render("homelab.lan", "192.168.1.10", "192.168.1.21");

		assertThat(rubySyntax(rb)).isEqualTo("Syntax OK");
		assertThat(rb).contains("external_url 'https://gitlab.homelab.lan'",
				"registry_external_url 'https://registry.homelab.lan'", "nginx['listen_port'] = 80",
				"nginx['listen_https'] = false", "registry_nginx['listen_port'] = 5050",
				"registry_nginx['listen_https'] = false", "letsencrypt['enable'] = false",
				"gitlab_rails['trusted_proxies'] = ['192.168.1.10/32']",
				"nginx['real_ip_trusted_addresses'] = ['192.168.1.10/32']", "prometheus['enable'] = false",
				"gitlab_rails['monitoring_whitelist'] = ['127.0.0.0/8', '192.168.1.21/32']",
				"gitlab_exporter['listen_port'] = '9168'", "node_exporter['listen_address'] = '0.0.0.0:9100'",
				"gitlab_rails['backup_path'] = '/var/opt/gitlab/backups'", "gitlab_rails['backup_keep_time'] = 604800");
		assertThat(rb).doesNotContain("{{", "postgresql['enable']", "db_password", "initial_root_password",
				"root_password");
		assertThat(new CommitScan().findings("gitlab.rb", rb)).isEmpty();
	}

	@Test
	void theEngineJoinsTheMonitoringAllowListSoItSeesReadiness() throws Exception {
		GitlabRb renderer = new GitlabRb(properties(false, null));
		String rb = renderer.render("homelab.lan", "192.168.1.10", "192.168.1.21", "192.168.1.5");

		assertThat(rubySyntax(rb)).isEqualTo("Syntax OK");
		assertThat(rb).contains(
				"gitlab_rails['monitoring_whitelist'] = ['127.0.0.0/8', '192.168.1.21/32', " + "'192.168.1.5/32']");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> renderer.render("homelab.lan", "192.168.1.10", "192.168.1.21", "0.0.0.0/0'] #"))
			.withMessageContaining("inventory.access.engine-address");
	}

	@Test
	void externalDatabaseReadsItsPasswordFromAFileOnTheVm() throws Exception {
		String rb = new GitlabRb(properties(true, "db.homelab.lan")).render("homelab.lan", "192.168.1.10",
				"192.168.1.21");

		assertThat(rubySyntax(rb)).isEqualTo("Syntax OK");
		assertThat(rb).contains("postgresql['enable'] = false", "gitlab_rails['db_host'] = 'db.homelab.lan'",
				"gitlab_rails['db_port'] = 5432", "gitlab_rails['db_database'] = 'gitlabhq_production'",
				"gitlab_rails['db_username'] = 'gitlab'",
				"gitlab_rails['db_password'] = File.read('/etc/gitlab/secrets/db-password').strip");
		assertThat(rb.lines().filter(line -> line.contains("db_password"))).hasSize(1);
		assertThat(new CommitScan().findings("gitlab.rb", rb)).isEmpty();
	}

	@Test
	void rubyCatchesABrokenFileSoTheCheckCanFail() throws Exception {
		assertThat(rubySyntax("external_url 'https://gitlab.homelab.lan\n")).isNotEqualTo("Syntax OK");
	}

	@Test
	void hostileValuesAreRefusedBeforeRenderingNamingWhatTheyAre() {
		GitlabRb rb = new GitlabRb(properties(false, null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> rb.render("homelab.lan'\nsystem('id')#", "192.168.1.10", "192.168.1.21"))
			.withMessageContaining("inventory.frontdoor.domain")
			.withMessageContaining("\\n");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> rb.render("home\"lab.lan", "192.168.1.10", "192.168.1.21"))
			.withMessageContaining("domain");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> rb.render("homelab.lan", "192.168.1.10', '0.0.0.0/0", "192.168.1.21"))
			.withMessageContaining("inventory.frontend.address");
		assertThatIllegalArgumentException().isThrownBy(() -> rb.render("homelab.lan", "192.168.1.10", null))
			.withMessageContaining("Prometheus VM");
	}

	@Test
	void shippedGitlabFilesHoldNoSecret() throws IOException {
		Map<String, String> files = new TreeMap<>();
		try (Stream<Path> walk = Files.walk(SHIPPED)) {
			for (Path file : walk.filter(Files::isRegularFile).toList()) {
				files.put(file.toString(), Files.readString(file));
			}
		}
		assertThat(files).containsKey(SHIPPED.resolve("gitlab.rb.template").toString());
		assertThat(new CommitScan().findings(files)).isEmpty();
	}

	private static GitlabProperties properties(boolean external, String dbHost) {
		return new GitlabProperties(external, dbHost, 5432, "gitlabhq_production", "gitlab",
				"/etc/gitlab/secrets/db-password", "/var/opt/gitlab/backups", Duration.ofDays(7), List.of("gpu"),
				List.of("general"), SHIPPED);
	}

	/** What {@code ruby -c} says of the file: "Syntax OK" or its complaint. */
	private String rubySyntax(String content) throws Exception {
		Tool.RUBY.require("the generated gitlab.rb's syntax");
		Path file = this.dir.resolve("gitlab.rb");
		Files.writeString(file, content);
		Process ruby = new ProcessBuilder("ruby", "-c", file.toString()).redirectErrorStream(true).start();
		assertThat(ruby.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return new String(ruby.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
	}

}
