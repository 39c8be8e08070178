package org.homelab.rollout.monitoring.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.homelab.rollout.monitoring.GrafanaApi;
import org.homelab.rollout.monitoring.MonitoringClients;
import org.homelab.rollout.monitoring.MonitoringProperties;
import org.homelab.rollout.monitoring.ScrapePlans;
import org.homelab.rollout.proxmox.ExecStatus;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.GeneratedSecrets;
import org.homelab.rollout.vault.SecretGenerator;
import org.homelab.rollout.vault.SecretKind;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.VaultTargets;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;
import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;

/**
 * Topic {@code grafana-admin-password}: Grafana's admin password generated into Vault without entering the engine's
 * variables, history or logs. The engine may write secrets to Vault but never read them back, so the password lives
 * only in this poller's memory between looks:
 * <ol>
 * <li>Vault holds it already: done (a re-run never rotates it).</li>
 * <li>Generate it, start {@code grafana cli admin reset-admin-password --password-from-stdin} in the frontend VM
 * through the guest agent, the password as the process's stdin.</li>
 * <li>Once the command exited 0: check the password logs in, create the engine's Viewer token (stored 0600 for the
 * success criteria), then write the password into Vault (check-and-set 0) and forget it.</li>
 * </ol>
 * An engine restart in between loses the password before Vault has it: the next look starts over with a new one, so
 * Vault always holds the password Grafana took last.
 */
@Component
class GrafanaAdminPasswordCondition implements WaitCondition {

	static final String SERVICE = "grafana";

	static final String NAME = "admin-password";

	static final String VIEWER = "homelab-rollout";

	private final GuestAccess guests;

	private final VaultTargets vaults;

	private final EngineAccess access;

	private final GeneratedSecrets secrets;

	private final SecretGenerator generator;

	private final MonitoringClients clients;

	private final ScrapePlans plans;

	private final MonitoringProperties properties;

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	GrafanaAdminPasswordCondition(GuestAccess guests, VaultTargets vaults, EngineAccess access,
			GeneratedSecrets secrets, SecretGenerator generator, MonitoringClients clients, ScrapePlans plans,
			MonitoringProperties properties) {
		this.guests = guests;
		this.vaults = vaults;
		this.access = access;
		this.secrets = secrets;
		this.generator = generator;
		this.clients = clients;
		this.plans = plans;
		this.properties = properties;
	}

	@Override
	public String topic() {
		return "grafana-admin-password";
	}

	@Override
	public Set<String> variables() {
		return Set.of(MonitoringVariables.ROLLOUT_RUN, "proxmoxNode", "vmid", "vmName");
	}

	@Override
	public Check check(Look look) {
		Map<String, Object> variables = look.variables();
		SecretReference reference = this.secrets.reference(SERVICE, NAME);
		Map<String, Object> out = Map.of(MonitoringVariables.GRAFANA_ADMIN_SECRET_PATH, reference.toString());
		VaultTarget target = this.vaults.target(null, null);
		VaultOperations vault = this.access.engineVault(target);
		GuestAccess.Guest guest = this.guests.of(variables);
		String key = variables.get(MonitoringVariables.ROLLOUT_RUN) + "/" + guest.vmid();
		Pending current = this.pending.get(key);
		if (current == null) {
			if (vault.read(reference.mount() + "/metadata/" + reference.path()) != null) {
				return Check.done(out);
			}
			String password = this.generator.generate(SecretKind.PASSWORD);
			int pid = guest.agent().exec(guest.vmid(), List.of("grafana", "cli", "admin", "reset-admin-password",
					"--password-from-stdin"), password + "\n");
			this.pending.put(key, new Pending(password, pid));
			return Check.waiting("grafana cli to set the new admin password in VM " + guest.vmid() + " (pid " + pid
					+ ")");
		}
		ExecStatus status = guest.agent().execStatus(guest.vmid(), current.pid());
		if (!status.exited()) {
			return Check.waiting("grafana cli to set the new admin password in VM " + guest.vmid() + " (pid "
					+ current.pid() + ")");
		}
		if (!status.succeeded()) {
			this.pending.remove(key);
			return Check.failed("grafana cli admin reset-admin-password in VM " + guest.vmid() + " exited with "
					+ status.exitCode() + ": " + status.err().strip() + " Check Grafana on the frontend server "
					+ "(systemctl status grafana-server), then retry: a new password is generated.");
		}
		GrafanaApi grafana = this.clients.grafana(this.plans.grafanaUrl());
		String admin = GrafanaApi.basic("admin", current.password());
		if (!grafana.authenticates(admin)) {
			this.pending.remove(key);
			return Check.failed("Grafana at " + grafana.base() + " refused the admin password grafana cli had just "
					+ "set: is the frontend server's Grafana the one at that address? Retry generates a new one.");
		}
		storeViewerToken(grafana.viewerToken(admin, VIEWER, VIEWER + "-" + System.currentTimeMillis()));
		vault.write(reference.mount() + "/data/" + reference.path(),
				Map.of("options", Map.of("cas", 0), "data", Map.of(GeneratedSecrets.KEY, current.password())));
		this.pending.remove(key);
		return Check.done(out);
	}

	private void storeViewerToken(String token) {
		Path file = this.properties.grafanaTokenFile();
		try {
			Files.createDirectories(file.getParent());
			Files.deleteIfExists(file);
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(file, token, StandardOpenOption.TRUNCATE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot store the Grafana viewer token in " + file, ex);
		}
	}

	/** A password set in Grafana but not yet in Vault: memory only; toString never shows it. */
	private record Pending(String password, int pid) {

		@Override
		public String toString() {
			return "Pending[pid=" + this.pid + "]";
		}

	}

}
