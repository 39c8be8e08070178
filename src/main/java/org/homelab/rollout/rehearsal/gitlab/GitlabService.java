package org.homelab.rollout.rehearsal.gitlab;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;

/**
 * The Omnibus commands on the {@code gitlab-ce} VM once the package is installed:
 * {@code gitlab-ctl reconfigure|status|restart|stop|start}, {@code gitlab-rails runner
 * '<ruby>'} (see {@link RunnerSnippet}) and {@code gitlab-backup create}. Elsewhere, or
 * before the package, they are not found. Reconfigure reads {@code gitlab.rb} (a broken
 * one fails as Omnibus does) and starts GitLab's web server at the VM's address; it boots
 * for {@code gitlab.boot}. Each VM keeps its GitLab's data across restarts.
 * <p>
 * Faults: system "gitlab", operation "reconfigure" (TASK_ERROR: reconfigure fails) and
 * "api" (HTTP_500/HTTP_503 on an API request).
 */
public final class GitlabService implements GuestCommand {

	/** The VM the plan gives GitLab. */
	public static final String VM_NAME = "gitlab-ce";

	private static final List<String> PROGRAMS = List.of("gitlab-ctl", "gitlab-rails", "gitlab-backup");

	private final Contracts contracts;

	private final FaultInjector faults;

	private final RequestJournal journal;

	private final Latency latency;

	private final Map<Integer, GitlabLab> byVmid = new ConcurrentHashMap<>();

	private final Map<Integer, Map<String, byte[]>> disks = new ConcurrentHashMap<>();

	private final Predicate<String> gpuNode;

	public GitlabService(Contracts contracts, FaultInjector faults, RequestJournal journal, Latency latency) {
		this(contracts, faults, journal, latency, node -> false);
	}

	/**
	 * @param gpuNode whether a K3s node has {@code nvidia.com/gpu}: a CI job asking for a
	 * GPU fails on a runner's node without one
	 */
	public GitlabService(Contracts contracts, FaultInjector faults, RequestJournal journal, Latency latency,
			Predicate<String> gpuNode) {
		this.contracts = contracts;
		this.faults = faults;
		this.journal = journal;
		this.latency = latency;
		this.gpuNode = gpuNode;
	}

	/** The GitLab of a VM, once reconfigured there. */
	public Optional<GitlabLab> lab(int vmid) {
		return Optional.ofNullable(this.byVmid.get(vmid));
	}

	public Map<Integer, GitlabLab> labs() {
		return Map.copyOf(this.byVmid);
	}

	/**
	 * The repositories of the homelab's GitLab (the one running, of the lowest VM id when
	 * several are), for other parts of the lab that read them as a Git client would (the
	 * simulated Argo CD); empty while no GitLab runs.
	 */
	public Optional<GitlabRepositories> repositories() {
		return this.byVmid.entrySet()
			.stream()
			.filter(e -> e.getValue().ready())
			.min(Map.Entry.comparingByKey())
			.map(Map.Entry::getValue);
	}

	/**
	 * Whether root of the VM's GitLab signs in with {@code candidate} (compared by
	 * digest, as GitLab keeps only a hash): what a person checks by signing in.
	 */
	public boolean rootSignsInWith(int vmid, String candidate) {
		GitlabLab lab = this.byVmid.get(vmid);
		if (lab == null || candidate == null) {
			return false;
		}
		synchronized (lab.state) {
			return GitlabState.digest(candidate).equals(lab.state.rootPassword);
		}
	}

	/** Stops every GitLab and forgets their data: a homelab without GitLab. */
	public void reset() {
		this.byVmid.values().forEach(GitlabLab::close);
		this.byVmid.clear();
		this.disks.clear();
	}

	/**
	 * The package was removed from the VM: its GitLab stops; purged, its data is gone
	 * too.
	 */
	void removed(int vmid, boolean purged) {
		lab(vmid).ifPresent(GitlabLab::close);
		if (purged) {
			this.byVmid.remove(vmid);
			this.disks.remove(vmid);
		}
	}

	public void stopAll() {
		this.byVmid.values().forEach(GitlabLab::close);
	}

	@Override
	public boolean handles(List<String> argv) {
		return PROGRAMS.contains(argv.get(0).replaceFirst("^.*/", ""));
	}

	@Override
	public void poweredOff(int vmid) {
		lab(vmid).ifPresent(GitlabLab::close);
	}

	@Override
	public Result run(Guest guest, List<String> argv, String stdin) {
		String program = argv.get(0).replaceFirst("^.*/", "");
		if (!VM_NAME.equals(guest.name()) || !guest.files().containsKey(GitlabApt.MARKER)) {
			return new Result(127, "", "sh: 1: " + argv.get(0) + ": not found\n", null);
		}
		String verb = (argv.size() > 1) ? argv.get(1) : "";
		GitlabLab lab = current(guest);
		return switch (program + " " + verb) {
			case "gitlab-ctl reconfigure" -> reconfigure(guest, null);
			case "gitlab-ctl status" ->
				(lab != null && lab.running()) ? Result.ok(status("run")) : new Result(6, status("down"), "", null);
			case "gitlab-ctl restart", "gitlab-ctl start" -> restart(guest, lab);
			case "gitlab-ctl stop" -> {
				if (lab != null) {
					lab.close();
				}
				yield Result.ok(status("ok: down"));
			}
			case "gitlab-rails runner" -> runner(guest, lab, argv);
			case "gitlab-backup create" -> backup(guest, lab);
			default -> Result.fail(1, "I don't know that command: " + String.join(" ", argv) + "\n");
		};
	}

	/**
	 * Omnibus's reconfigure; {@code rootPassword}: {@code GITLAB_ROOT_PASSWORD} of the
	 * install, else null (then gitlab.rb's {@code initial_root_password}, if any).
	 */
	Result reconfigure(Guest guest, String rootPassword) {
		byte[] rb = guest.files().get(GitlabRb.PATH);
		GitlabRb config;
		try {
			config = GitlabRb.parse((rb != null) ? new String(rb, StandardCharsets.UTF_8) : "");
		}
		catch (GitlabRb.Invalid ex) {
			return failed(ex.getMessage());
		}
		for (String read : config.filesRead()) {
			if (!guest.files().containsKey(read)) {
				return failed("Errno::ENOENT: No such file or directory @ rb_sysopen - " + read);
			}
		}
		if (this.faults.next("gitlab", "reconfigure").isPresent()) {
			return failed("Mixlib::ShellOut::ShellCommandFailed: execute[/opt/gitlab/bin/gitlab-rails "
					+ "db:migrate] returned 1");
		}
		if (this.disks.put(guest.vmid(), guest.files()) != guest.files()) {
			// a new VM under an old VMID: a new, empty GitLab
			GitlabLab old = this.byVmid.remove(guest.vmid());
			if (old != null) {
				old.close();
			}
		}
		GitlabLab lab = this.byVmid.computeIfAbsent(guest.vmid(),
				vmid -> new GitlabLab(GitlabSchema.load(this.contracts), this.faults, this.journal, this.latency,
						this.gpuNode));
		synchronized (lab.state) {
			String initial = (rootPassword != null) ? rootPassword : config.initialRootPassword();
			if (lab.state.rootPassword == null && initial != null) {
				lab.state.rootPassword = GitlabState.digest(initial);
			}
		}
		guest.files().putIfAbsent("/etc/gitlab/gitlab-secrets.json", "{\"gitlab_rails\":{}}\n".getBytes());
		Result started = start(guest, lab, config,
				this.latency.of("gitlab.reconfigure").plus(this.latency.of("gitlab.boot")));
		return (started != null) ? started : new Result(0,
				"Running handlers complete\nInfra Phase complete\ngitlab Reconfigured!\n", "", "gitlab.reconfigure");
	}

	private Result restart(Guest guest, GitlabLab lab) {
		if (lab == null || lab.config() == null) {
			return failed("gitlab-ctl: run 'gitlab-ctl reconfigure' first");
		}
		Result started = start(guest, lab, lab.config(), this.latency.of("gitlab.boot"));
		return (started != null) ? started : new Result(0, status("ok: run"), "", null);
	}

	private Result start(Guest guest, GitlabLab lab, GitlabRb config, Duration boot) {
		try {
			lab.start(guest.address(), config, boot);
			return null;
		}
		catch (UncheckedIOException ex) {
			return failed("nginx: [emerg] bind() to " + guest.address().getHostAddress() + ":80 failed");
		}
	}

	private Result runner(Guest guest, GitlabLab lab, List<String> argv) {
		if (lab == null || !lab.ready()) {
			return Result.fail(1, "PG::ConnectionBad: connection to server on socket "
					+ "\"/var/opt/gitlab/postgresql/.s.PGSQL.5432\" failed: No such file or directory\n");
		}
		if (argv.size() != 3) {
			return Result.fail(1, "Run 'rails runner -h' for help.\n");
		}
		Result ran;
		synchronized (lab.state) {
			ran = RunnerSnippet.run(argv.get(2), lab.state, guest.files());
		}
		// the runner boots the whole Rails application before it runs a line
		return new Result(ran.exitCode(), ran.stdout(), ran.stderr(), "gitlab.rails-runner");
	}

	private Result backup(Guest guest, GitlabLab lab) {
		if (lab == null || !lab.ready()) {
			return Result.fail(1, "Dumping database ... [FAILED]\n");
		}
		String name = System.currentTimeMillis() / 1000 + "_"
				+ LocalDate.now(ZoneOffset.UTC).toString().replace('-', '_') + "_" + GitlabApi.VERSION
				+ "_gitlab_backup.tar";
		synchronized (lab.state) {
			lab.state.backups.add(name);
			String summary = "groups=" + lab.state.groups.size() + " projects=" + lab.state.projects.size() + "\n";
			guest.files().put("/var/opt/gitlab/backups/" + name, summary.getBytes(StandardCharsets.UTF_8));
		}
		return new Result(0, "Dumping database ... done\nDumping repositories ... done\nBackup "
				+ name.replace("_gitlab_backup.tar", "") + " is done.\n", "", "gitlab.backup");
	}

	private GitlabLab current(Guest guest) {
		return (this.disks.get(guest.vmid()) == guest.files()) ? this.byVmid.get(guest.vmid()) : null;
	}

	private static String status(String state) {
		StringBuilder out = new StringBuilder();
		for (String service : List.of("gitaly", "gitlab-workhorse", "logrotate", "nginx", "postgresql", "puma", "redis",
				"sidekiq")) {
			out.append(state).append(": ").append(service).append(": (pid 1)\n");
		}
		return out.toString();
	}

	private static Result failed(String message) {
		return Result.fail(1, "There was an error running gitlab-ctl reconfigure:\n\n" + message + "\n");
	}

}
