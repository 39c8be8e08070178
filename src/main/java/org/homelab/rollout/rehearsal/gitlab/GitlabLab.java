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

import com.sun.net.httpserver.HttpServer;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.LabNetwork;
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

	final GitlabState state = new GitlabState();

	final GitlabSchema schema;

	final FaultInjector faults;

	final RequestJournal journal;

	volatile GitlabRb config;

	volatile Instant readyAt = Instant.MAX;

	private HttpServer server;

	private ExecutorService executor;

	private String at;

	private GitlabMetrics metrics;

	GitlabLab(GitlabSchema schema, FaultInjector faults, RequestJournal journal) {
		this.schema = schema;
		this.faults = faults;
		this.journal = journal;
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
		this.metrics = GitlabMetrics.start(this, address, config, boot);
		this.server.createContext("/",
				this.metrics.web(new GitlabHttp(this, new GitlabApi(this.state, config.externalUrl()))));
		this.server.start();
	}

	@Override
	public synchronized void close() {
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
