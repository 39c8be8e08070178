package org.homelab.rollout.gitlab.steps;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the engine reaches and uses GitLab CE (rollout.gitlab), checked at binding.
 *
 * @param url where the engine reaches GitLab; blank: {@code http://<gitlab-ce VM's
 * address>} (GitLab's nginx on port 80, as the front door reaches it). Once GitLab is
 * exposed, {@code https://gitlab.<domain>} with {@code caFile}
 * @param registryUrl where the engine reaches GitLab's container registry (API v2);
 * blank: {@code registry.<domain>} beside a {@code gitlab.<domain>} url, else
 * {@code http://<gitlab-ce VM's address>:5050} (the registry's nginx,
 * {@code registry_nginx['listen_port']} of deploy/gitlab/gitlab.rb.template)
 * @param caFile PEM of the CA behind GitLab's certificate when {@code url} is https;
 * blank: the JVM's trust store
 * @param timeout connect and read timeout of a call to GitLab
 * @param engineTokenName the name of the engine's personal access token (of root)
 * @param engineTokenScopes its scopes: {@code api} creates groups, projects and runners
 * @param engineTokenLifetime days until it expires (GitLab allows at most 365); a
 * rotation gives the new one as long
 * @param group the group the projects live in
 * @param projects the projects created in it, each seeded from
 * {@code deploy/gitlab/<project>/} if that folder exists
 * @param seedBranch the branch the seed commits to
 * @param backupSchedule when the daily {@code gitlab-backup create} runs (cron's five
 * fields)
 */
@ConfigurationProperties("rollout.gitlab")
public record GitlabStepProperties(String url, String registryUrl, Path caFile, @DefaultValue("30s") Duration timeout,
		@DefaultValue("homelab-rollout-engine") String engineTokenName,
		@DefaultValue("api") List<String> engineTokenScopes, @DefaultValue("90d") Duration engineTokenLifetime,
		@DefaultValue("homelab") String group, @DefaultValue( {
				"gitops", "ansible", "ci-smoke" }) List<String> projects,
		@DefaultValue("main") String seedBranch, @DefaultValue("0 2 * * *") String backupSchedule){

	private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9_-]*[a-z0-9])?");

	private static final List<String> SCOPES = List.of("api", "read_api", "read_user", "create_runner", "manage_runner",
			"read_repository", "write_repository", "read_registry", "write_registry");

	private static final Pattern CRON = Pattern.compile("[0-9*/,-]+( [0-9*/,-]+){4}");

	public GitlabStepProperties {
		if (url != null && !url.isBlank() && !url.matches("https?://[A-Za-z0-9.-]+(:\\d+)?/?")) {
			throw new IllegalArgumentException("rollout.gitlab.url '" + url
					+ "' refused: GitLab's address, e.g. https://gitlab.homelab.lan or http://192.168.1.23");
		}
		if (registryUrl != null && !registryUrl.isBlank()
				&& !registryUrl.matches("https?://[A-Za-z0-9.-]+(:\\d+)?/?")) {
			throw new IllegalArgumentException("rollout.gitlab.registry-url '" + registryUrl
					+ "' refused: the registry's address, e.g. https://registry.homelab.lan or http://192.168.1.23:5050");
		}
		name("rollout.gitlab.engine-token-name", engineTokenName);
		name("rollout.gitlab.group", group);
		projects.forEach(project -> name("rollout.gitlab.projects", project));
		name("rollout.gitlab.seed-branch", seedBranch);
		if (engineTokenScopes.isEmpty() || !SCOPES.containsAll(engineTokenScopes)) {
			throw new IllegalArgumentException("rollout.gitlab.engine-token-scopes " + engineTokenScopes
					+ " refused: one or more of " + SCOPES + " (api is what groups, projects and runners need)");
		}
		if (engineTokenLifetime.toDays() < 1 || engineTokenLifetime.toDays() > 365) {
			throw new IllegalArgumentException("rollout.gitlab.engine-token-lifetime " + engineTokenLifetime
					+ " refused: between 1 and 365 days, as GitLab allows");
		}
		if (!CRON.matcher(backupSchedule).matches()) {
			throw new IllegalArgumentException("rollout.gitlab.backup-schedule '" + backupSchedule
					+ "' refused: cron's five fields, e.g. '0 2 * * *' (daily at 02:00)");
		}
		engineTokenScopes = List.copyOf(engineTokenScopes);
		projects = List.copyOf(projects);
	}

	private static void name(String property, String value) {
		if (value == null || !NAME.matcher(value).matches()) {
			throw new IllegalArgumentException(
					property + " '" + value + "' refused: lower case letters, digits, '-' and '_', e.g. homelab");
		}
	}

}
