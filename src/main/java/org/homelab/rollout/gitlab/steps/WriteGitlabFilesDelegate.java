package org.homelab.rollout.gitlab.steps;

import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.frontdoor.ExposedServices;
import org.homelab.rollout.frontdoor.FrontdoorProperties;
import org.homelab.rollout.gitlab.GitlabProperties;
import org.homelab.rollout.gitlab.GitlabRb;
import org.homelab.rollout.inventory.AccessSources;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.PlannedVm;

import org.springframework.stereotype.Component;

/**
 * Stages, in root's home on the gitlab-ce VM, what the install script moves into place:
 * {@code gitlab.rb} rendered from the inventory ({@link GitlabRb}: the front door's
 * domain, the frontend as trusted proxy, the Prometheus VM and the engine in the
 * monitoring allow-list) and the daily backup's cron file; and the root password, read
 * from Vault in this job's memory only, into a root-only hand-over file the root-password
 * script reads and removes. The password never enters the engine's variables or the
 * scripts.
 */
@Component
class WriteGitlabFilesDelegate implements JavaDelegate {

	private final GitlabGuest guest;

	private final GitlabSecrets secrets;

	private final GitlabRb gitlabRb;

	private final GitlabProperties gitlab;

	private final GitlabStepProperties properties;

	private final Inventory inventory;

	private final FrontdoorProperties frontdoor;

	private final AccessSources access;

	WriteGitlabFilesDelegate(GitlabGuest guest, GitlabSecrets secrets, GitlabRb gitlabRb, GitlabProperties gitlab,
			GitlabStepProperties properties, Inventory inventory, FrontdoorProperties frontdoor, AccessSources access) {
		this.guest = guest;
		this.secrets = secrets;
		this.gitlabRb = gitlabRb;
		this.gitlab = gitlab;
		this.properties = properties;
		this.inventory = inventory;
		this.frontdoor = frontdoor;
		this.access = access;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String prometheus = this.inventory.vm("prometheus")
			.map(PlannedVm::address)
			.orElseThrow(() -> new IllegalStateException(
					"The inventory plans no VM 'prometheus' (inventory.vms): GitLab's metrics are opened to it only."));
		String rb = this.gitlabRb.render(ExposedServices.domain(this.inventory, this.frontdoor),
				this.inventory.frontend().address(), prometheus, this.access.engineAddress());
		String password = this.secrets.readRootPassword();
		if (password == null) {
			throw new IllegalStateException("Vault holds no GitLab root password at " + this.secrets.rootPassword()
					+ " (key " + GitlabSecrets.PASSWORD + "): the step before generates it; retry from there.");
		}
		Map<String, String> files = new LinkedHashMap<>();
		files.put(GitlabScripts.STAGED_RB, rb);
		files.put(GitlabScripts.STAGED_CRON,
				GitlabScripts.backupCron(this.properties.backupSchedule(), this.gitlab.backupPath()));
		files.put(GitlabScripts.ROOT_PASSWORD_HANDOVER, password);
		if (this.gitlab.externalDatabase()) {
			String db = this.secrets.readDbPassword();
			if (db == null) {
				throw new IllegalStateException(
						"inventory.gitlab.external-database is true, but Vault holds no password " + "for it at "
								+ this.secrets.dbPassword() + ": store it there (vault kv put "
								+ this.secrets.dbPassword() + " " + GitlabSecrets.PASSWORD + "=…) and retry.");
			}
			files.put(GitlabScripts.STAGED_DB_PASSWORD, db);
		}
		this.guest.write(execution, files);
	}

}
