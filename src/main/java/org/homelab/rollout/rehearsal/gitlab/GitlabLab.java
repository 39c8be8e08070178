package org.homelab.rollout.rehearsal.gitlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpServer;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.LabNetwork;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;

/**
 * The GitLab CE of one VM: its data (kept across restarts, as on its disk) and, once
 * {@code gitlab-ctl reconfigure} ran, its web server on port 80 of the VM's address (the
 * lab serves HTTP; TLS ends at the front door). After each (re)start Puma boots for a
 * while: readiness answers 503 and the API 502, as GitLab's nginx does, until it is up.
 */
public final class GitlabLab implements AutoCloseable {

	public static final int PORT = 80;

	/** What tests may know of a token: never its value. */
	public record TokenView(String name, List<String> scopes, LocalDate expiresAt, boolean revoked) {
	}

	public record RunnerView(int id, String type, String description, List<String> tags) {
	}

	/**
	 * A CI job as tests may see it: which runner took it and on which node it ran (null
	 * while pending), and its trace.
	 */
	public record JobView(int pipelineId, int id, String name, List<String> tags, String status, Integer runnerId,
			String node, String trace) {
	}

	/** A tag of the container registry: repository path, tag, manifest digest. */
	public record ImageView(String repository, String tag, String digest) {
	}

	final GitlabState state = new GitlabState();

	final GitlabSchema schema;

	final FaultInjector faults;

	final RequestJournal journal;

	final Latency latency;

	final Predicate<String> gpuNode;

	final ContainerRegistry registry = new ContainerRegistry(this);

	volatile GitlabRb config;

	private volatile Pipelines pipelines;

	volatile Instant readyAt = Instant.MAX;

	private HttpServer server;

	private ExecutorService executor;

	private String at;

	private GitlabMetrics metrics;

	GitlabLab(GitlabSchema schema, FaultInjector faults, RequestJournal journal) {
		this(schema, faults, journal, Latency.scaled(0), node -> false);
	}

	/**
	 * @param latency how long jobs take
	 * @param gpuNode whether a K3s node has {@code nvidia.com/gpu} (where a runner's job
	 * asking for a GPU can run)
	 */
	GitlabLab(GitlabSchema schema, FaultInjector faults, RequestJournal journal, Latency latency,
			Predicate<String> gpuNode) {
		this.schema = schema;
		this.faults = faults;
		this.journal = journal;
		this.latency = latency;
		this.gpuNode = gpuNode;
	}

	/** Listens at {@code address}:80 with this config; ready after {@code boot}. */
	synchronized void start(InetAddress address, GitlabRb config, Duration boot) {
		close();
		this.config = config;
		this.readyAt = Instant.now().plus(boot);
		this.at = address.getHostAddress() + ":" + PORT;
		LabNetwork.listening(this.at, this);
		try {
			this.server = HttpServer.create(new InetSocketAddress(address, PORT), 32);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot listen at " + this.at + " (GitLab)", ex);
		}
		this.executor = Executors.newFixedThreadPool(2, r -> {
			Thread thread = new Thread(r, "gitlab-lab");
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.pipelines = new Pipelines(this.state, config.externalUrl().replaceFirst("/$", ""),
				Pipelines.registryHost(config.registryExternalUrl()), this.latency, this.gpuNode, this.faults);
		this.metrics = GitlabMetrics.start(this, address, config, boot);
		this.server.createContext("/", this.metrics
			.web(new GitlabHttp(this, new GitlabApi(this.state, config.externalUrl(), this.pipelines))));
		this.server.start();
		int registryPort = ContainerRegistry.port(config);
		if (registryPort > 0) {
			this.registry.start(address, registryPort);
		}
	}

	@Override
	public synchronized void close() {
		this.registry.close();
		if (this.server != null) {
			this.server.stop(0);
			this.metrics.close();
			this.executor.shutdownNow();
			LabNetwork.released(this.at, this);
			this.server = null;
		}
	}

	public synchronized boolean running() {
		return this.server != null;
	}

	/** Running and booted: what {@code /-/readiness} reports as ok. */
	public boolean ready() {
		return running() && !Instant.now().isBefore(this.readyAt);
	}

	public synchronized URI url() {
		if (this.server == null) {
			throw new IllegalStateException("GitLab lab is not running");
		}
		return URI.create("http://" + this.at);
	}

	/** The settings of gitlab.rb the last reconfigure read. */
	public GitlabRb config() {
		return this.config;
	}

	/** Groups by full path. */
	public List<String> groups() {
		synchronized (this.state) {
			return this.state.groups.values().stream().map(g -> g.path).toList();
		}
	}

	/** Projects by full path ({@code group/project}). */
	public List<String> projects() {
		synchronized (this.state) {
			return this.state.projects.values().stream().map(GitlabState.Project::fullPath).toList();
		}
	}

	/** The files of a project at a branch (path to content); empty when there is none. */
	public Map<String, String> files(String project, String ref) {
		synchronized (this.state) {
			return this.state.projects.values()
				.stream()
				.filter(p -> p.fullPath().equals(project))
				.findFirst()
				.map(p -> new TreeMap<>(p.branches.getOrDefault(ref, Map.of())))
				.orElseGet(TreeMap::new);
		}
	}

	/**
	 * Whether Git over HTTPS lets {@code username} with {@code password} read
	 * {@code project}: a live deploy token of that project with {@code read_repository}
	 * (compared by digest), as a GitOps tool clones with it.
	 */
	public boolean gitReadAllowed(String project, String username, String password) {
		if (username == null || password == null) {
			return false;
		}
		synchronized (this.state) {
			String digest = GitlabState.digest(password);
			return this.state.deployTokens.values()
				.stream()
				.anyMatch(t -> t.username().equals(username) && t.digest().equals(digest)
						&& t.scopes().contains("read_repository")
						&& (t.expiresAt() == null || !t.expiresAt().isBefore(java.time.LocalDate.now()))
						&& this.state.projects.containsKey(t.projectId())
						&& this.state.projects.get(t.projectId()).fullPath().equals(project));
		}
	}

	/** A project's default branch; empty when there is no such project. */
	public java.util.Optional<String> defaultBranch(String project) {
		synchronized (this.state) {
			return this.state.projects.values()
				.stream()
				.filter(p -> p.fullPath().equals(project))
				.findFirst()
				.map(p -> p.defaultBranch);
		}
	}

	/** Personal access tokens, revoked ones included. */
	public List<TokenView> tokens() {
		synchronized (this.state) {
			return this.state.tokens.values()
				.stream()
				.map(t -> new TokenView(t.name(), t.scopes(), t.expiresAt(), t.revoked()))
				.toList();
		}
	}

	public List<RunnerView> runners() {
		synchronized (this.state) {
			return this.state.runners.values()
				.stream()
				.map(r -> new RunnerView(r.id(), r.type(), r.description(), r.tags()))
				.toList();
		}
	}

	/**
	 * Marks a runner online on a node, as the lab's K3s does when the runner's release
	 * has a ready pod there (tests without K3s runners call it), or offline ({@code node}
	 * null).
	 */
	public void runnerOn(int runnerId, String node) {
		if (node == null) {
			this.state.runnerNodes.remove(runnerId);
			this.state.placedByHand.remove(runnerId);
		}
		else {
			this.state.placedByHand.add(runnerId);
			this.state.runnerNodes.put(runnerId, node);
		}
	}

	/** The CI jobs of a project's pipelines ({@code group/project}), moved on to now. */
	public List<JobView> jobs(String project) {
		synchronized (this.state) {
			return Pipelines.views(this.state, this.pipelines, project);
		}
	}

	/** The tags of the container registry. */
	public List<ImageView> images() {
		synchronized (this.state) {
			return this.state.ci.repositories.values()
				.stream()
				.flatMap(r -> r.tags.values().stream().map(t -> new ImageView(r.path, t.name(), t.digest())))
				.toList();
		}
	}

	/**
	 * Runner id → the node its manager polls from, for the runners online now (see
	 * {@link RunnerHeartbeat}).
	 */
	public Map<Integer, String> runnerNodes() {
		return Map.copyOf(this.state.runnerNodes);
	}

	/** A runner's status as GitLab answers it, null when there is no such runner. */
	public String runnerStatus(int id) {
		synchronized (this.state) {
			GitlabState.Runner runner = this.state.runners.get(id);
			return (runner != null) ? Runners.status(this.state, runner) : null;
		}
	}

	/** Whether the root password was set (by the runner snippet or gitlab.rb). */
	public boolean rootPasswordSet() {
		synchronized (this.state) {
			return this.state.rootPassword != null;
		}
	}

	/** The backup archives {@code gitlab-backup create} wrote, by file name. */
	public List<String> backups() {
		synchronized (this.state) {
			return List.copyOf(this.state.backups);
		}
	}

}
