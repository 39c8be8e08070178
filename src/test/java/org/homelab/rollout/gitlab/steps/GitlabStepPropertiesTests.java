package org.homelab.rollout.gitlab.steps;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * rollout.gitlab refuses values that would end up in a script or a URL in the wrong
 * shape, naming the property; the scripts it shapes carry no secret and name the token's
 * scopes and expiry.
 */
class GitlabStepPropertiesTests {

	@Test
	void refusesBadValuesNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> properties("gitlab.lan'; id", List.of("api"), 90, "0 2 * * *"))
			.withMessageContaining("rollout.gitlab.url");
		assertThatIllegalArgumentException().isThrownBy(() -> properties(null, List.of("sudo"), 90, "0 2 * * *"))
			.withMessageContaining("rollout.gitlab.engine-token-scopes");
		assertThatIllegalArgumentException().isThrownBy(() -> properties(null, List.of("api"), 400, "0 2 * * *"))
			.withMessageContaining("rollout.gitlab.engine-token-lifetime");
		assertThatIllegalArgumentException().isThrownBy(() -> properties(null, List.of("api"), 90, "daily; rm -rf /"))
			.withMessageContaining("rollout.gitlab.backup-schedule");
		assertThat(properties("https://gitlab.homelab.lan", List.of("api"), 90, "0 2 * * *").url())
			.isEqualTo("https://gitlab.homelab.lan");
	}

	@Test
	void scriptsReadSecretsFromRootOnlyFilesAndNameScopesAndExpiry() {
		String token = GitlabScripts.engineToken("homelab-rollout-engine", List.of("api"), Duration.ofDays(90));
		assertThat(token)
			.contains("umask 077", "scopes: [:api]", "expires_at: 90.days.from_now",
					"File.write('/root/.homelab-rollout-gitlab-engine-token', token.token, perm: 0600)")
			.doesNotContain("puts token");
		assertThat(GitlabScripts.rootPassword())
			.contains("File.read('/root/.homelab-rollout-gitlab-root-password').strip",
					"rm -f /root/.homelab-rollout-gitlab-root-password /etc/gitlab/initial_root_password")
			.doesNotContain("GITLAB_ROOT_PASSWORD");
		assertThat(GitlabScripts.install("run-1", null)).doesNotContain("db-password")
			.contains("echo run-1 > /etc/gitlab/homelab-rollout-run",
					"apt-get -o DPkg::Lock::Timeout=600 install -y -q cron gitlab-ce", "gitlab-ctl reconfigure");
		assertThat(GitlabScripts.install("run-1", "/etc/gitlab/secrets/db-password")).contains(
				"mkdir -p /etc/gitlab/secrets",
				"test ! -e /root/.homelab-rollout-gitlab-db-password || mv /root/.homelab-rollout-gitlab-db-password "
						+ "/etc/gitlab/secrets/db-password",
				"chmod 600 /etc/gitlab/secrets/db-password");
		assertThatIllegalArgumentException().isThrownBy(() -> GitlabScripts.install("run; reboot", null));
	}

	private static GitlabStepProperties properties(String url, List<String> scopes, int days, String schedule) {
		return new GitlabStepProperties(url, null, null, Duration.ofSeconds(30), "homelab-rollout-engine", scopes,
				Duration.ofDays(days), "homelab", List.of("gitops", "ansible", "ci-smoke"), "main", schedule);
	}

}
