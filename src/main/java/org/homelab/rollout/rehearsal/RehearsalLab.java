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
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.homelab.rollout.rehearsal.ansible.AnsibleService;
import org.homelab.rollout.rehearsal.argocd.ArgoCdLab;
import org.homelab.rollout.rehearsal.argocd.LabGitlabRepositories;
import org.homelab.rollout.rehearsal.backup.PbsApt;
import org.homelab.rollout.rehearsal.backup.PbsService;
import org.homelab.rollout.rehearsal.frontdoor.FrontdoorLab;
import org.homelab.rollout.rehearsal.gitlab.GitGuestClient;
import org.homelab.rollout.rehearsal.gitlab.GitlabApt;
import org.homelab.rollout.rehearsal.gitlab.GitlabService;
import org.homelab.rollout.rehearsal.gitlab.RunnerHeartbeat;
import org.homelab.rollout.rehearsal.gitlab.RunnerMetrics;
import org.homelab.rollout.rehearsal.kubernetes.KubernetesLab;
import org.homelab.rollout.rehearsal.kubernetes.KubernetesLabSettings;
import org.homelab.rollout.rehearsal.kubernetes.RunnerMetricsServer;
import org.homelab.rollout.rehearsal.monitoring.MonitoringLab;
import org.homelab.rollout.rehearsal.monitoring.PbsExporterMetrics;
import org.homelab.rollout.rehearsal.monitoring.PbsExporterRelease;
import org.homelab.rollout.rehearsal.monitoring.PbsExporterService;
import org.homelab.rollout.rehearsal.monitoring.TokenController;
import org.homelab.rollout.rehearsal.proxmox.BackupServers;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.homelab.rollout.rehearsal.vault.HashicorpApt;
import org.homelab.rollout.rehearsal.vault.VaultLab;
import org.homelab.rollout.rehearsal.vault.VaultService;

/**
 * The whole simulated homelab: Proxmox VE (whose VMs run simulated services such as Vault
 * once installed), and the K3s cluster with its helm-controller, sharing one latency
 * model, one fault plan and one request journal. The product reaches it only through
 * {@link #inventoryProperties()}, the inventory a real homelab would have.
 */
public final class RehearsalLab implements AutoCloseable {

	/**
	 * The API token the lab accepts; its secret, new for every lab, goes to a file only
	 * the engine can read.
	 */
	static final String TOKEN_ID = ProxmoxLabSettings.DEFAULT_TOKEN_ID;

	private final String tokenSecret = UUID.randomUUID().toString();

	private final LabSettings settings;

	private final RequestJournal journal = new RequestJournal();

	private final Latency latency;

	private final FaultInjector faults;

	private final VaultService vaults;

	private final ProxmoxLab proxmox;

	private final KubernetesLab kubernetes;

	private final MonitoringLab monitoring;

	private final FrontdoorLab frontdoor;

	private final GitlabService gitlab;

	// ansible-playbook / ansible-inventory on the ansible VM
	private final AnsibleService ansible;

	private final PbsService pbs;

	/** The VMs' root password, with which root@pam signs in to the lab's PBS. */
	private final String pbsRootPassword = UUID.randomUUID().toString();

	private final PbsExporterService pbsExporter;

	// Argo CD once the argo-cd release runs on K3s (Phase 3)
	private final ArgoCdLab argocd;

	// runner managers on K3s contacting GitLab
	private final RunnerHeartbeat runnerHeartbeat;

	// the Proxmox Backup Servers PVE's pbs storages reach: the lab's PBS, unless a test
	// plugs in another (backupServers(...)); reset() plugs the lab's back in
	private volatile BackupServers backupServers;

	// made by the thread that starts the cluster
	private volatile TokenController tokenController;

	/** What {@link #suspend()} held still, to take up again; null while running. */
	private List<Runnable> suspended;

	/**
	 * The frontend server the homelab already has (Nginx, Authelia; Grafana goes there):
	 * adopted, never created.
	 */
	public static final int FRONTEND_VMID = 110;

	static final String FRONTEND_ADDRESS = "127.0.10.10";

	/** The Proxmox node's address in the lab network, where its node exporter listens. */
	static final String PVE_ADDRESS = "127.0.10.5";

	/** Phase 1's Helm release of the node exporters on the K3s nodes. */
	static final String NODE_EXPORTER_RELEASE = "prometheus-node-exporter";

	public RehearsalLab(LabSettings settings) {
		this.settings = settings;
		this.latency = settings.latency();
		this.faults = settings.faultInjector();
		Contracts contracts = settings.contracts();
		this.vaults = new VaultService(() -> new VaultLab(contracts, this.faults, this.journal, this.latency,
				Duration.ofSeconds(30), Clock.systemUTC()));
		Map<String, String> nodes = new LinkedHashMap<>();
		KubernetesLabSettings.defaults().nodes().forEach(node -> nodes.put(node.name(), node.internalIp()));
		nodes.put("pve", PVE_ADDRESS);
		nodes.put("frontend", FRONTEND_ADDRESS);
		this.monitoring = new MonitoringLab(settings.labDir(), nodes, this.faults, this.journal);
		this.frontdoor = new FrontdoorLab(settings.labDir(), FRONTEND_VMID, FRONTEND_ADDRESS, contracts);
		// a CI job asking for a GPU runs only on a node with nvidia.com/gpu, as the
		// cluster seeds them
		Set<String> gpuNodes = KubernetesLabSettings.defaults()
			.nodes()
			.stream()
			.filter(node -> node.gpus() > 0)
			.map(KubernetesLabSettings.Node::name)
			.collect(Collectors.toSet());
		this.gitlab = new GitlabService(contracts, this.faults, this.journal, this.latency, gpuNodes::contains);
		this.ansible = new AnsibleService(settings.labDir().resolve("ansible"), this.faults);
		// Phase 4's Proxmox Backup Server on the VM it is installed in, and its exporter:
		// PVE's pbs storages reach the former, Prometheus scrapes the latter
		this.pbs = new PbsService(contracts, this.faults, this.journal, this.latency, this.pbsRootPassword,
				Duration.ofSeconds(30), PbsService.DEFAULT_DISK_BYTES);
		this.pbsExporter = new PbsExporterService(
				(endpoint, tokenId, secret) -> this.pbs.audit(endpoint, tokenId, secret)
					.map(stores -> new PbsExporterService.Reading(
							new PbsExporterMetrics.Version(PbsService.version().replaceFirst("-.*", ""),
									PbsService.version().replaceFirst(".*-", ""), "6d3a1ea1"),
							stores)));
		ProxmoxLabSettings defaults = ProxmoxLabSettings.defaults();
		this.proxmox = new ProxmoxLab(new ProxmoxLabSettings(defaults.nodes(), defaults.templateVmid(),
				defaults.templateName(), defaults.dhcpFirst(), defaults.dhcpLast(), Map.of(TOKEN_ID, this.tokenSecret),
				defaults.users(), this.latency, this.faults, this.journal,
				List.of(this.vaults, new HashicorpApt(contracts), this.monitoring.prometheus(),
						this.monitoring.grafana(), this.frontdoor, new GitlabApt(contracts, this.gitlab), this.gitlab,
						this.ansible, new GitGuestClient(this.gitlab::repositories), this.monitoring.vmExporters(),
						new PbsApt(this.pbs), this.pbs, this.pbsExporter, new PbsExporterRelease()),
				contracts, defaults.timeoutDelay(),
				(server, port, fingerprint, username, password, datastore) -> this.backupServers.connect(server, port,
						fingerprint, username, password, datastore)));
		this.backupServers = this.pbs;
		this.kubernetes = new KubernetesLab(KubernetesLabSettings.defaults().withPort(settings.kubernetesPort()),
				this.latency, this.faults, this.journal, contracts);
		// the managers' metrics listeners answer the service proxy with what their polls
		// counted
		RunnerMetrics runnerMetrics = new RunnerMetrics();
		RunnerMetricsServer runnerPods = new RunnerMetricsServer(this.kubernetes, runnerMetrics::render);
		this.kubernetes.serve(runnerPods);
		this.runnerHeartbeat = new RunnerHeartbeat(this.gitlab, runnerPods::polling, this.faults,
				this.latency.of("gitlab.runner-poll"), runnerMetrics);
		this.argocd = new ArgoCdLab(this.kubernetes, new LabGitlabRepositories(this.gitlab), contracts, this.faults,
				this.journal, this.latency,
				KubernetesLabSettings.defaults().nodes().stream().map(KubernetesLabSettings.Node::internalIp).toList());
		this.kubernetes.serve(this.argocd.podServer());
	}

	public RehearsalLab start() {
		LabNetwork.claim(this);
		this.proxmox.start(this.settings.proxmoxPort());
		seedFrontend();
		this.kubernetes.start();
		// the cluster is the heaviest part of the lab: it starts on the lab's first use
		// (any request but the engine's start-up version check: a run's first look or
		// clone, long before it reaches K3s) or when a K3s client first asks, whichever
		// comes first; an engine left idle never pays for it
		this.journal.listen(entry -> {
			if (!entry.path().endsWith("/version")) {
				this.kubernetes.startClusterInBackground();
			}
		});
		// the K3s nodes' exporters are prometheus-node-exporter's DaemonSet: deleting its
		// HelmChart stops them (Prometheus then misses those nodes), installing it again
		// starts them
		List<String> k3sNodes = KubernetesLabSettings.defaults().nodes().stream().map(node -> node.name()).toList();
		this.kubernetes.onRelease((release, installed) -> {
			if (NODE_EXPORTER_RELEASE.equals(release)) {
				for (String node : k3sNodes) {
					if (installed) {
						this.monitoring.exporters().start(node);
					}
					else {
						this.monitoring.exporters().stop(node);
					}
				}
			}
		});
		this.kubernetes.whenClusterStarts(this.runnerHeartbeat::start);
		this.kubernetes.whenClusterStarts(this.argocd::start);
		this.kubernetes.whenClusterStarts(
				() -> this.tokenController = new TokenController(this.kubernetes::systemClient, this.kubernetes.caPem())
					.start());
		return this;
	}

	/** The names {@link #inventoryProperties()} answers, known before the lab starts. */
	public static final List<String> INVENTORY_PROPERTIES = List.of("inventory.proxmox.url",
			"inventory.proxmox.fingerprint", "inventory.proxmox.token-id", "inventory.proxmox.token-secret-file",
			"inventory.k3s.kubeconfig", "inventory.k3s.kubeconfig-content",
			"rollout.monitoring.proxmox-node-targets.pve", "rollout.waits.typical-scale",
			"inventory.frontdoor.https-port", "inventory.frontdoor.http-port", "inventory.frontdoor.ca-file",
			"inventory.frontdoor.authelia-host", "inventory.frontdoor.authelia-port", "inventory.frontdoor.portal",
			"rollout.ansible.proxmox-ca-file");

	/**
	 * What the engine's inventory says of this homelab ({@link #INVENTORY_PROPERTIES});
	 * the token secret is written to a file, not returned.
	 */
	public Map<String, Object> inventoryProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("inventory.proxmox.url", this.proxmox.url());
		properties.put("inventory.proxmox.fingerprint", this.proxmox.fingerprintSha256());
		properties.put("inventory.proxmox.token-id", TOKEN_ID);
		properties.put("inventory.proxmox.token-secret-file", writeTokenSecret().toString());
		properties.put("inventory.k3s.kubeconfig", "");
		properties.put("inventory.k3s.kubeconfig-content", this.kubernetes.kubeconfig());
		properties.put("rollout.monitoring.proxmox-node-targets.pve", PVE_ADDRESS + ":9100");
		// the lab's time runs at its latency scale: so do the typical durations the
		// engine starts from
		properties.put("rollout.waits.typical-scale", this.settings.latencyScale());
		properties.putAll(this.frontdoor.inventoryProperties());
		// the cluster's CA (a node's /etc/pve/pve-root-ca.pem) for the ansible VM's
		// inventory
		properties.put("rollout.ansible.proxmox-ca-file",
				writeLabFile("pve-root-ca.pem", this.proxmox.caCertificatePem()));
		return properties;
	}

	/**
	 * root@pam's password on the lab's Proxmox Backup Servers (the VMs' root password),
	 * for tests that set a server up as pbs-install would.
	 */
	public String backupServerRootPassword() {
		return this.pbsRootPassword;
	}

	/** Phase 4's Proxmox Backup Servers, on the VMs they were installed in. */
	public PbsService backupServerLab() {
		return this.pbs;
	}

	public RequestJournal journal() {
		return this.journal;
	}

	public Latency latency() {
		return this.latency;
	}

	/** The lab's fault plan: a test may arm more faults until {@link #reset()}. */
	public FaultInjector faults() {
		return this.faults;
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

	public MonitoringLab monitoring() {
		return this.monitoring;
	}

	/** The frontend's Nginx, Authelia, Certbot and Homepage files. */
	public FrontdoorLab frontdoor() {
		return this.frontdoor;
	}

	/** GitLab CE on the gitlab-ce VM, once installed and reconfigured there. */
	public GitlabService gitlab() {
		return this.gitlab;
	}

	/** Argo CD on K3s, once the argo-cd release's pods are Ready. */
	public ArgoCdLab argocd() {
		return this.argocd;
	}

	/** GitLab Runner managers on K3s contacting GitLab; {@code poll()} polls now. */
	public RunnerHeartbeat runnerHeartbeat() {
		return this.runnerHeartbeat;
	}

	/**
	 * Plugs the Proxmox Backup Servers in that PVE's pbs storages reach (the seam the PBS
	 * lab implements; tests may give an in-memory one) instead of the lab's own PBS
	 * ({@link #backupServerLab()}), which {@link #reset()} plugs back in.
	 */
	public void backupServers(BackupServers servers) {
		this.backupServers = servers;
	}

	/**
	 * Back to a freshly installed homelab: no VMs but the template and the frontend
	 * server, no releases, no Vault.
	 */
	public void reset() {
		LabNetwork.claim(this);
		this.vaults.stopAll();
		this.gitlab.reset();
		this.ansible.reset();
		this.pbs.reset();
		this.pbsExporter.reset();
		this.monitoring.reset();
		this.proxmox.reset();
		this.backupServers = this.pbs;
		seedFrontend();
		this.argocd.reset();
		this.kubernetes.reset();
		this.runnerHeartbeat.metrics().reset();
		this.journal.clear();
		this.faults.disarm();
	}

	/**
	 * Holds the homelab's own background work still while nothing uses the lab (a test
	 * context cached but not in use): runner managers' polls, Argo CD's reconciliation,
	 * the token controller. Its servers keep answering; {@link #resume()} takes the work
	 * up again. Answers whether anything was running.
	 */
	public synchronized boolean suspend() {
		if (this.suspended != null) {
			return false;
		}
		List<Runnable> resumes = new java.util.ArrayList<>();
		if (this.runnerHeartbeat.running()) {
			this.runnerHeartbeat.close();
			resumes.add(this.runnerHeartbeat::start);
		}
		if (this.argocd.pauseLoop()) {
			resumes.add(this.argocd::resumeLoop);
		}
		TokenController tokens = this.tokenController;
		if (tokens != null) {
			tokens.close();
			resumes.add(() -> this.tokenController = new TokenController(this.kubernetes::systemClient,
					this.kubernetes.caPem())
				.start());
		}
		this.suspended = resumes;
		return !resumes.isEmpty();
	}

	/** Takes up what {@link #suspend()} held still. */
	public synchronized void resume() {
		List<Runnable> resumes = this.suspended;
		this.suspended = null;
		if (resumes != null) {
			resumes.forEach(Runnable::run);
		}
	}

	@Override
	public void close() {
		this.runnerHeartbeat.close();
		this.vaults.stopAll();
		this.gitlab.stopAll();
		this.frontdoor.close();
		this.pbsExporter.close();
		this.pbs.reset();
		this.monitoring.close();
		if (this.tokenController != null) {
			this.tokenController.close();
		}
		this.argocd.close();
		this.kubernetes.close();
		this.proxmox.close();
	}

	/** The frontend server as the homelab has it: files, Authelia and nginx running. */
	private void seedFrontend() {
		Map<String, byte[]> seeded = this.frontdoor.seed();
		this.proxmox.seedRunningVm(FRONTEND_VMID, "frontend", FRONTEND_ADDRESS, seeded);
		this.frontdoor.start(seeded, () -> this.proxmox.guestFiles(FRONTEND_VMID));
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
			throw new UncheckedIOException(
					"cannot write the lab's Proxmox token secret under " + this.settings.labDir(), ex);
		}
	}

	private String writeLabFile(String name, String content) {
		try {
			Path file = Files.createDirectories(this.settings.labDir()).resolve(name);
			Files.writeString(file, content);
			return file.toAbsolutePath().toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + name + " under " + this.settings.labDir(), ex);
		}
	}

}
