package org.homelab.rollout.rehearsal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.homelab.rollout.rehearsal.kubernetes.KubernetesLab;
import org.homelab.rollout.rehearsal.kubernetes.KubernetesLabSettings;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.homelab.rollout.rehearsal.vault.HashicorpApt;
import org.homelab.rollout.rehearsal.vault.VaultLab;
import org.homelab.rollout.rehearsal.vault.VaultService;

/**
 * The whole simulated homelab: Proxmox VE (whose VMs run simulated services such as Vault once installed), and the
 * K3s cluster with its helm-controller, sharing one latency model, one fault plan and one request journal. The
 * product reaches it only through {@link #inventoryProperties()}, the inventory a real homelab would have.
 */
public final class RehearsalLab implements AutoCloseable {

	/** The API token the lab accepts; its secret, new for every lab, goes to a file only the engine can read. */
	static final String TOKEN_ID = ProxmoxLabSettings.DEFAULT_TOKEN_ID;

	private final String tokenSecret = UUID.randomUUID().toString();

	private final LabSettings settings;

	private final RequestJournal journal = new RequestJournal();

	private final Latency latency;

	private final FaultInjector faults;

	private final VaultService vaults;

	private final ProxmoxLab proxmox;

	private final KubernetesLab kubernetes;

	public RehearsalLab(LabSettings settings) {
		this.settings = settings;
		this.latency = Latency.scaled(settings.latencyScale());
		this.faults = settings.faultInjector();
		this.vaults = new VaultService(() -> new VaultLab(Contracts.locate(), this.faults, this.journal, this.latency,
				Duration.ofSeconds(30), Clock.systemUTC()));
		ProxmoxLabSettings defaults = ProxmoxLabSettings.defaults();
		this.proxmox = new ProxmoxLab(new ProxmoxLabSettings(defaults.nodes(), defaults.templateVmid(),
				defaults.templateName(), defaults.dhcpFirst(), defaults.dhcpLast(), Map.of(TOKEN_ID, this.tokenSecret),
				defaults.users(), this.latency, this.faults, this.journal, List.of(this.vaults, new HashicorpApt()), Contracts.locate(),
				defaults.timeoutDelay()));
		this.kubernetes = new KubernetesLab(KubernetesLabSettings.defaults().withPort(settings.kubernetesPort()),
				this.latency, this.faults, this.journal, Contracts.locate());
	}

	public RehearsalLab start() {
		this.proxmox.start(this.settings.proxmoxPort());
		this.kubernetes.start();
		return this;
	}

	/** What the engine's inventory says of this homelab; the token secret is written to a file, not returned. */
	public Map<String, Object> inventoryProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("inventory.proxmox.url", this.proxmox.url());
		properties.put("inventory.proxmox.fingerprint", this.proxmox.fingerprintSha256());
		properties.put("inventory.proxmox.token-id", TOKEN_ID);
		properties.put("inventory.proxmox.token-secret-file", writeTokenSecret().toString());
		properties.put("inventory.k3s.kubeconfig", "");
		properties.put("inventory.k3s.kubeconfig-content", this.kubernetes.kubeconfig());
		return properties;
	}

	public RequestJournal journal() {
		return this.journal;
	}

	public Latency latency() {
		return this.latency;
	}

	public ProxmoxLab proxmox() {
		return this.proxmox;
	}

	public KubernetesLab kubernetes() {
		return this.kubernetes;
	}

	public VaultService vaults() {
		return this.vaults;
	}

	/** Back to a freshly installed homelab: no VMs but the template, no releases, no Vault, an empty journal. */
	public void reset() {
		this.vaults.stopAll();
		this.proxmox.reset();
		this.kubernetes.reset();
		this.journal.clear();
	}

	@Override
	public void close() {
		this.vaults.stopAll();
		this.kubernetes.close();
		this.proxmox.close();
	}

	private Path writeTokenSecret() {
		try {
			Path dir = Files.createDirectories(this.settings.labDir());
			Path file = dir.resolve("proxmox-token");
			Files.deleteIfExists(file);
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(file, this.tokenSecret);
			return file.toAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the lab's Proxmox token secret under "
					+ this.settings.labDir(), ex);
		}
	}

}
