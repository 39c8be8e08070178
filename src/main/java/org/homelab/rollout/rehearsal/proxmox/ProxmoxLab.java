package org.homelab.rollout.rehearsal.proxmox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import mockwebserver3.MockWebServer;
import okhttp3.Protocol;
import org.homelab.rollout.rehearsal.NoDelayServerSockets;

/**
 * A simulated Proxmox VE 9.1 node speaking the real API over HTTPS with its own CA: async
 * tasks with UPIDs, config locks, boot delays, a guest agent with a small shell, backups,
 * and PVE's error answers. Requests are checked against the published API schema when it
 * is present, and journaled.
 */
public final class ProxmoxLab implements AutoCloseable {

	private static final System.Logger LOG = System.getLogger(ProxmoxLab.class.getName());

	private final ProxmoxLabSettings settings;

	private final LabTls tls = LabTls.generate();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "proxmox-lab-tasks");
		thread.setDaemon(true);
		return thread;
	});

	private final LabState state;

	private final BackupRoutes backups;

	private final ProxmoxSchema schema;

	private final MockWebServer server = new MockWebServer();

	public ProxmoxLab(ProxmoxLabSettings settings) {
		this.settings = settings;
		this.state = new LabState(settings, this.scheduler);
		this.schema = ProxmoxSchema.load(settings.contracts().proxmoxSchema());
		this.backups = new BackupRoutes(this.state, this.scheduler);
		Auth auth = new Auth(settings.apiTokens(), settings.users(), this.state);
		Router router = routes(this.state, auth, this.backups);
		this.server.setDispatcher(new LabDispatcher(this.state, this.schema, auth, router));
		// MockWebServer never answers a GET with a body; pveproxy answers it with 501
		this.server.useHttps(new UnexpectedContentSockets(this.tls.socketFactory()));
		// answers go out at once, not after the client's delayed ACK (about 40 ms each)
		this.server.setServerSocketFactory(new NoDelayServerSockets());
		// pveproxy speaks HTTP/1.1 only, and its error messages travel in the status
		// reason HTTP/2 lacks
		this.server.setProtocols(List.of(Protocol.HTTP_1_1));
	}

	static Router routes(LabState state, Auth auth, BackupRoutes backups) {
		Router router = new Router();
		new ClusterRoutes(state, auth).register(router);
		new QemuRoutes(state, backups).register(router);
		new CloneRoutes(state).register(router);
		new ConfigRoutes(state).register(router);
		new DiskRoutes(state).register(router);
		new PowerRoutes(state).register(router);
		new AgentRoutes(state).register(router);
		new ResourceRoutes(state).register(router);
		new FirewallRoutes(state).register(router);
		new AccessRoutes(state).register(router);
		new StorageRoutes(state).register(router);
		backups.register(router);
		return router;
	}

	public ProxmoxLab() {
		this(ProxmoxLabSettings.defaults());
	}

	/** Starts on a free port of 127.0.0.1. */
	public void start() {
		start(0);
	}

	public void start(int port) {
		try {
			this.server.start(InetAddress.getByName("127.0.0.1"), port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start the Proxmox lab on port " + port, ex);
		}
		this.settings.contracts().warnIfIncomplete();
		LOG.log(System.Logger.Level.INFO, "Proxmox lab at {0} ({1})", url(),
				this.schema.checked() ? "requests checked against the published API schema" : "requests run unchecked");
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.server.close();
	}

	/** Back to the seeded cluster (template only); certificates and port stay. */
	public void reset() {
		synchronized (this.state) {
			this.state.seed();
			this.backups.clear();
			this.state.clock.set(Instant.now());
		}
	}

	/**
	 * Clones asked for from now on take this long (slow storage, a large disk) instead of
	 * the lab's latency, until {@link #reset()}.
	 */
	public void cloneTime(Duration time) {
		synchronized (this.state) {
			this.state.cloneTime = time;
		}
	}

	/**
	 * The node's wall clock: it runs at latency scale (a lab day lasts {@code scale} real
	 * days), so scheduled backup jobs come round.
	 */
	public Instant clock() {
		return this.state.clock.now();
	}

	/**
	 * Sets the node's wall clock (UTC), e.g. just before a backup job's schedule; every
	 * job's next run moves with it.
	 */
	public void setClock(Instant labTime) {
		synchronized (this.state) {
			this.state.clock.set(labTime);
			this.backups.reschedule();
		}
	}

	/** {@code https://127.0.0.1:PORT/api2/json}. */
	public String url() {
		return "https://127.0.0.1:" + this.server.getPort() + "/api2/json";
	}

	public int port() {
		return this.server.getPort();
	}

	public String caCertificatePem() {
		return this.tls.ca().certificatePem();
	}

	public X509Certificate caCertificate() {
		return this.tls.ca().certificate();
	}

	/**
	 * The server certificate's SHA-256, colon-separated upper-case hex as the PVE GUI
	 * shows it.
	 */
	public String fingerprintSha256() {
		return this.tls.fingerprintSha256();
	}

	/** The Authorization header value of the first configured API token. */
	public String apiTokenHeader() {
		Map.Entry<String, String> token = this.settings.apiTokens().entrySet().iterator().next();
		return "PVEAPIToken=" + token.getKey() + "=" + token.getValue();
	}

	public boolean schemaChecked() {
		return this.schema.checked();
	}

	public ProxmoxLabSettings settings() {
		return this.settings;
	}

	/**
	 * Adds a running guest the homelab already had (e.g. the frontend server): agent up,
	 * address static, no rollout mark in its description. Replaces a guest of that VMID.
	 */
	public void seedRunningVm(int vmid, String name, String address) {
		seedRunningVm(vmid, name, address, Map.of());
	}

	/** The same, with these files already in the guest (path to content). */
	public void seedRunningVm(int vmid, String name, String address, Map<String, byte[]> files) {
		synchronized (this.state) {
			Vm vm = new Vm(vmid, this.settings.nodes().get(0));
			vm.config.put("name", name);
			vm.config.put("cores", "2");
			vm.config.put("memory", "4096");
			vm.config.put("agent", "1");
			vm.config.put("ipconfig0", "ip=" + address + "/24");
			vm.config.put("net0", String.format("virtio=BC:24:11:00:%02X:%02X,bridge=vmbr0", vmid >> 8, vmid & 0xFF));
			vm.config.put("scsi0", "local-lvm:vm-" + vmid + "-disk-0,size=64G");
			vm.config.put("description", "Existing server, set up by hand");
			vm.boot(Instant.now(), address);
			files.forEach((path, content) -> vm.files.put(path, content.clone()));
			this.state.vms.put(vmid, vm);
		}
	}

	/**
	 * A copy of the files in a guest's file store (what file-read would give), empty for
	 * an unknown VM.
	 */
	public Map<String, byte[]> guestFiles(int vmid) {
		synchronized (this.state) {
			Vm vm = this.state.vms.get(vmid);
			Map<String, byte[]> copy = new TreeMap<>();
			if (vm != null) {
				vm.files.forEach((path, content) -> copy.put(path, content.clone()));
			}
			return copy;
		}
	}

	public List<VmView> vms() {
		synchronized (this.state) {
			return this.state.vms.values().stream().map(this::view).toList();
		}
	}

	public Optional<VmView> vm(int vmid) {
		synchronized (this.state) {
			return Optional.ofNullable(this.state.vms.get(vmid)).map(this::view);
		}
	}

	/**
	 * The simulated time of all commands run in the VM through its guest agent (zero for
	 * an unknown VM).
	 */
	public Duration guestTime(int vmid) {
		return guestTime(vmid, Instant.MAX);
	}

	/**
	 * The part of that time spent before {@code until}: what a service started at that
	 * moment had to wait for.
	 */
	public Duration guestTime(int vmid, Instant until) {
		synchronized (this.state) {
			Vm vm = this.state.vms.get(vmid);
			return (vm == null) ? Duration.ZERO
					: vm.commands.stream().map(c -> c.before(until)).reduce(Duration.ZERO, Duration::plus);
		}
	}

	/**
	 * Takes qemu-guest-agent out of a guest's image, e.g. the template's: its clones
	 * boot, but their agent never answers, as with a cloud image that lacks the package.
	 * {@link #reset} brings the seeded template back.
	 */
	public void uninstallGuestAgent(int vmid) {
		synchronized (this.state) {
			Vm vm = this.state.vms.get(vmid);
			if (vm == null) {
				throw new IllegalArgumentException("the lab has no VM " + vmid);
			}
			vm.guestAgentInstalled = false;
		}
	}

	/** A VMID's firewall rules and options (empty when never set). */
	public FirewallView firewall(int vmid) {
		synchronized (this.state) {
			return this.state.firewalls.getOrDefault(vmid, new VmFirewall()).view();
		}
	}

	/** The volids on a storage, e.g. the backups on "local". */
	public List<String> volumes(String storage) {
		synchronized (this.state) {
			return this.state.volumes.stream().filter(v -> v.storage().equals(storage)).map(Volume::volid).toList();
		}
	}

	private VmView view(Vm vm) {
		String keys = vm.config.get("sshkeys");
		boolean agentReady = vm.running() && vm.agentEnabled() && vm.guestAgentInstalled && vm.agentReadyAt != null
				&& !Instant.now().isBefore(vm.agentReadyAt);
		return new VmView(vm.vmid, vm.node, vm.name(), vm.status, vm.lock(), vm.template(), Map.copyOf(vm.config),
				(keys != null) ? Percent.decode(keys) : null, this.state.address(vm), agentReady, Map.copyOf(vm.files),
				Set.copyOf(vm.services));
	}

}
