package org.homelab.rollout.gitlab.steps;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The scripts gitlab-install and gitlab-remove run on the gitlab-ce VM through
 * run-script. None holds a secret: the root password and the engine's token pass through
 * root-only files in root's home (0700), which the steps write from Vault or read into
 * Vault.
 */
final class GitlabScripts {

	/** Present once the Omnibus package is installed. */
	static final String PACKAGE_MARKER = "/opt/gitlab/embedded/service/gitlab-rails/VERSION";

	/** Names the run that installed GitLab, so only its undo purges it. */
	static final String RUN_MARK = "/etc/gitlab/homelab-rollout-run";

	static final String GITLAB_RB = "/etc/gitlab/gitlab.rb";

	static final String CRON = "/etc/cron.d/gitlab-backup";

	/**
	 * Staged in root's home by the files step, moved into place by the install script.
	 */
	static final String STAGED_RB = "/root/.homelab-rollout-gitlab.rb";

	static final String STAGED_CRON = "/root/.homelab-rollout-gitlab-backup.cron";

	/** An external database's password on its way from Vault to gitlab.rb's file. */
	static final String STAGED_DB_PASSWORD = "/root/.homelab-rollout-gitlab-db-password";

	/** The root password on its way from Vault to GitLab; removed once set. */
	static final String ROOT_PASSWORD_HANDOVER = "/root/.homelab-rollout-gitlab-root-password";

	/** The engine's new token on its way from GitLab into Vault; blanked once stored. */
	static final String TOKEN_HANDOVER = "/root/.homelab-rollout-gitlab-engine-token";

	static final String KEYRING = "/usr/share/keyrings/gitlab_gitlab-ce-archive-keyring.gpg";

	static final String SOURCES = "/etc/apt/sources.list.d/gitlab_gitlab-ce.list";

	private static final Pattern RUN = Pattern.compile("[A-Za-z0-9._:-]+");

	private static final Pattern NAME = Pattern.compile("[a-z0-9_-]+");

	private GitlabScripts() {
	}

	/**
	 * GitLab's apt repository as GitLab documents it for Debian 12, the package (with
	 * cron for the backups), the staged gitlab.rb and backup schedule moved into place,
	 * the run's mark, with an external database its password file (root-only, where
	 * gitlab.rb reads it), then {@code gitlab-ctl reconfigure}. Safe to repeat (an
	 * incident's Retry runs it again): staged files already moved stay, apt keeps an
	 * installed package, reconfigure converges.
	 */
	static String install(String run, String dbPasswordFile) {
		String database = "";
		if (dbPasswordFile != null) {
			Path file = Path.of(dbPasswordFile);
			database = "mkdir -p " + file.getParent() + "\ntest ! -e " + STAGED_DB_PASSWORD + " || mv "
					+ STAGED_DB_PASSWORD + " " + file + "\nchmod 600 " + file + "\n";
		}
		return """
				#!/bin/sh
				# written by homelab-rollout: GitLab CE (Omnibus) from GitLab's apt repository (docs/gitlab.md)
				set -eu
				mkdir -p /etc/gitlab /usr/share/keyrings
				echo %1$s > %2$s
				test ! -e %3$s || mv %3$s %4$s
				chmod 600 %4$s
				test ! -e %5$s || mv %5$s %6$s
				%9$s				test -s %7$s || curl -fsSL https://packages.gitlab.com/gitlab/gitlab-ce/gpgkey | gpg --dearmor --yes -o %7$s
				echo "deb [signed-by=%7$s] https://packages.gitlab.com/gitlab/gitlab-ce/debian/ bookworm main" > %8$s
				apt-get -o DPkg::Lock::Timeout=600 update -q
				apt-get -o DPkg::Lock::Timeout=600 install -y -q cron gitlab-ce
				gitlab-ctl reconfigure
				"""
			.formatted(checkedRun(run), RUN_MARK, STAGED_RB, GITLAB_RB, STAGED_CRON, CRON, KEYRING, SOURCES, database);
	}

	/**
	 * Root's password from the hand-over file (written from Vault), through
	 * {@code gitlab-rails runner}; then the file and Omnibus's own generated password are
	 * removed. Nothing to do when no hand-over is there (an adopted GitLab, or a retry
	 * after it was set).
	 */
	static String rootPassword() {
		String read = "File.read('" + ROOT_PASSWORD_HANDOVER + "').strip";
		return """
				#!/bin/sh
				# written by homelab-rollout: GitLab's root password from Vault (docs/gitlab.md)
				set -eu
				test -s %1$s || exit 0
				gitlab-rails runner "user = User.find_by_username('root'); user.password = %2$s; user.password_confirmation = %2$s; user.save!"
				rm -f %1$s /etc/gitlab/initial_root_password
				"""
			.formatted(ROOT_PASSWORD_HANDOVER, read);
	}

	/**
	 * A personal access token of root for the engine, written by GitLab into a root-only
	 * hand-over file the next step moves into Vault; root's active tokens of that name
	 * are revoked first.
	 */
	static String engineToken(String name, List<String> scopes, Duration lifetime) {
		if (!NAME.matcher(name).matches() || !scopes.stream().allMatch(s -> NAME.matcher(s).matches())) {
			throw new IllegalArgumentException("token name and scopes: lower case letters, digits, '-', '_'");
		}
		// earlier tokens of this name are the engine's own, lost (a retried script) or
		// refused (revoked, expired): ended first, so a retry never leaves two
		String ruby = "user = User.find_by_username('root'); user.personal_access_tokens.active.where(name: '" + name
				+ "').each(&:revoke!); token = user.personal_access_tokens.create!(name: '" + name + "', scopes: ["
				+ String.join(", ", scopes.stream().map(s -> ":" + s).toList()) + "], expires_at: " + lifetime.toDays()
				+ ".days.from_now); File.write('" + TOKEN_HANDOVER + "', token.token, perm: 0600)";
		return """
				#!/bin/sh
				# written by homelab-rollout: the engine's GitLab API token, for Vault (docs/gitlab.md)
				set -eu
				umask 077
				gitlab-rails runner "%s"
				""".formatted(ruby);
	}

	/** gitlab-remove: GitLab this run installed on a VM it did not create, purged. */
	static String purge() {
		return """
				#!/bin/sh
				# written by homelab-rollout: removes the GitLab CE this run installed (docs/gitlab.md)
				set -eu
				gitlab-ctl stop || true
				apt-get -o DPkg::Lock::Timeout=600 purge -y -q gitlab-ce
				rm -rf /opt/gitlab /var/opt/gitlab /var/log/gitlab /etc/gitlab
				rm -f %s %s %s %s %s %s
				""".formatted(SOURCES, KEYRING, CRON, ROOT_PASSWORD_HANDOVER, TOKEN_HANDOVER, STAGED_DB_PASSWORD);
	}

	/**
	 * The daily backup: archives (pruned by backup_keep_time), config and secrets beside
	 * them.
	 */
	static String backupCron(String schedule, String backupPath) {
		return """
				# written by homelab-rollout: GitLab's daily backup (docs/gitlab.md); archives older than
				# gitlab_rails['backup_keep_time'] are pruned by gitlab-backup itself
				SHELL=/bin/sh
				PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
				%1$s root umask 077 && /opt/gitlab/bin/gitlab-backup create CRON=1 && cp -p /etc/gitlab/gitlab.rb /etc/gitlab/gitlab-secrets.json %2$s/
				"""
			.formatted(schedule, backupPath);
	}

	/**
	 * gitlab-backup: one backup now, as the daily cron takes it (archive, then gitlab.rb
	 * and gitlab-secrets.json beside it), so that a VM backup taken next holds a GitLab
	 * backup a restore can read.
	 */
	static String backupNow(String backupPath) {
		return """
				#!/bin/sh
				# written by homelab-rollout: GitLab's backup now, before Phase 4's first VM backup (docs/gitlab.md)
				set -eu
				umask 077
				/opt/gitlab/bin/gitlab-backup create
				cp -p /etc/gitlab/gitlab.rb %1$s/gitlab.rb
				cp -p /etc/gitlab/gitlab-secrets.json %1$s/gitlab-secrets.json
				""".formatted(backupPath);
	}

	static String checkedRun(String run) {
		if (!RUN.matcher(run).matches()) {
			throw new IllegalArgumentException(
					"rollout run '" + run + "' refused for GitLab's mark: letters, digits, '.', '_', ':' and '-' only");
		}
		return run;
	}

}
