package org.homelab.rollout.gitlab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Phase 2's inventory of GitLab CE, checked at binding: a bad value stops the start-up
 * naming its property, before anything is rendered or touched.
 *
 * @param externalDatabase whether GitLab uses an external PostgreSQL instead of its
 * bundled one
 * @param dbHost the external database's host (required when external)
 * @param dbPort its port
 * @param dbName its database
 * @param dbUser its user
 * @param dbPasswordFile where, on the GitLab VM, the password is read from (a root-only
 * file the rollout writes from Vault)
 * @param backupPath where {@code gitlab-backup create} writes its archives on the VM
 * @param backupKeepTime how long archives are kept (whole seconds in gitlab.rb)
 * @param gpuRunnerTags tags of the runner on the GPU node (k3s-w-1)
 * @param generalRunnerTags tags of the runner for general work (k3s-w-2)
 * @param templates the shipped GitLab files ({@code gitlab.rb.template})
 */
@ConfigurationProperties("inventory.gitlab")
public record GitlabProperties(@DefaultValue("false") boolean externalDatabase, String dbHost,
		@DefaultValue("5432") int dbPort, @DefaultValue("gitlabhq_production") String dbName,
		@DefaultValue("gitlab") String dbUser, @DefaultValue("/etc/gitlab/secrets/db-password") String dbPasswordFile,
		@DefaultValue("/var/opt/gitlab/backups") String backupPath, @DefaultValue("7d") Duration backupKeepTime,
		@DefaultValue("gpu") List<String> gpuRunnerTags, @DefaultValue("general") List<String> generalRunnerTags,
		@DefaultValue("./deploy/gitlab") Path templates) {

	private static final String PREFIX = "inventory.gitlab.";

	public GitlabProperties {
		if (externalDatabase) {
			if (dbHost == null || dbHost.isBlank()) {
				throw new IllegalArgumentException(PREFIX + "db-host is needed when " + PREFIX
						+ "external-database is true: the external PostgreSQL's host name or address");
			}
			GitlabInput.host(PREFIX + "db-host", dbHost);
		}
		GitlabInput.port(PREFIX + "db-port", dbPort);
		GitlabInput.name(PREFIX + "db-name", dbName);
		GitlabInput.name(PREFIX + "db-user", dbUser);
		GitlabInput.path(PREFIX + "db-password-file", dbPasswordFile);
		GitlabInput.path(PREFIX + "backup-path", backupPath);
		if (backupKeepTime.compareTo(Duration.ofHours(1)) < 0) {
			throw new IllegalArgumentException(PREFIX + "backup-keep-time " + backupKeepTime
					+ " refused: keep backups at least an hour (e.g. 7d), or a daily backup prunes itself");
		}
		gpuRunnerTags = tags(PREFIX + "gpu-runner-tags", gpuRunnerTags);
		generalRunnerTags = tags(PREFIX + "general-runner-tags", generalRunnerTags);
	}

	private static List<String> tags(String field, List<String> tags) {
		if (tags.isEmpty()) {
			throw new IllegalArgumentException(field + " is empty: a runner needs a tag its jobs ask for");
		}
		for (int i = 0; i < tags.size(); i++) {
			GitlabInput.tag(field + "[" + i + "]", tags.get(i));
		}
		return List.copyOf(tags);
	}

}
