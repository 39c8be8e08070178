package org.homelab.rollout.matrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homelab.rollout.argocd.ArgoCdApplication;
import org.homelab.rollout.argocd.ArgoCdOperations;
import org.homelab.rollout.argocd.ArgoCdRepository;
import org.homelab.rollout.gitlab.GitlabCommit;
import org.homelab.rollout.gitlab.GitlabJob;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabPipeline;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.matrix.Phase3Observed.AnsibleRun;
import org.homelab.rollout.matrix.Phase3Observed.ArgoCdSources;
import org.homelab.rollout.matrix.Phase3Observed.Checkout;
import org.homelab.rollout.matrix.Phase3Observed.PipelineJob;
import org.homelab.rollout.matrix.Phase3Observed.ProjectPipeline;
import org.homelab.rollout.matrix.Phase3Observed.Recap;
import org.homelab.rollout.matrix.Phase3Observed.Seen;
import org.homelab.rollout.proxmox.GuestFiles;

/**
 * Asks the live systems what Phase 3's cells need, each with one synchronous look (no
 * waiting): Argo CD (its repository for GitLab's gitops project, its Applications),
 * GitLab (each project's newest pipeline and its jobs, the ansible project's newest
 * commit) and the ansible VM through its guest agent (the clone's {@code .git/HEAD} and
 * the ref it names, Ansible's log). A system that cannot be asked is a
 * {@link Seen#failed}, saying why; nothing here is kept between calls.
 */
public final class Phase3Looks {

	/** A recap line: {@code host : ok=N changed=N unreachable=N failed=N ...}. */
	private static final Pattern RECAP = Pattern
		.compile("^(\\S+)\\s*:\\s*ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)");

	/** The logging prefix ansible writes before each line ({@code ... n=ansible | }). */
	private static final Pattern LOG_PREFIX = Pattern.compile("^.*? n=\\S+ \\| ");

	private final Function<String, ArgoCdOperations> argocd;

	private final Supplier<Optional<GitlabOperations>> gitlab;

	private final Supplier<Optional<GuestFiles>> ansibleVm;

	private final Facts facts;

	/**
	 * What the looks compare with, from the engine's configuration.
	 *
	 * @param gitlabBase the homelab's GitLab as Argo CD reaches it
	 * ({@code https://gitlab.<domain>/})
	 * @param gitopsRepository the gitops project's repository URL Argo CD reads
	 * @param projects the GitLab project of each service whose pipelines count
	 * ({@link MatrixCheck#PIPELINES})
	 * @param ansibleProject the ansible VM's GitLab project
	 * @param clonePath where the ansible VM keeps its clone
	 * @param ansibleLog Ansible's log on the VM (ansible.cfg's {@code log_path})
	 * @param clusterNodes the K3s nodes
	 */
	public record Facts(String gitlabBase, String gitopsRepository, Map<Service, String> projects,
			String ansibleProject, String clonePath, String ansibleLog, Set<String> clusterNodes) {

		public Facts {
			projects = new TreeMap<>(projects);
			clusterNodes = Set.copyOf(clusterNodes);
		}

	}

	/**
	 * @param argocd Argo CD's client at an address (the phase's {@code argocdUrl}, null
	 * for the configured one), logging in with the admin password from Vault
	 * @param gitlab GitLab's client, empty when the engine has none
	 * @param ansibleVm the ansible VM's guest agent, empty when Proxmox shows no such VM
	 */
	public Phase3Looks(Function<String, ArgoCdOperations> argocd, Supplier<Optional<GitlabOperations>> gitlab,
			Supplier<Optional<GuestFiles>> ansibleVm, Facts facts) {
		this.argocd = argocd;
		this.gitlab = gitlab;
		this.ansibleVm = ansibleVm;
		this.facts = facts;
	}

	/** Every look, at Argo CD's address {@code argocdUrl} (null: the configured one). */
	public Phase3Observed observe(String argocdUrl) {
		Map<Service, Seen<ProjectPipeline>> pipelines = new LinkedHashMap<>();
		this.facts.projects().forEach((service, project) -> pipelines.put(service, look(() -> pipeline(project))));
		Seen<Optional<GuestFiles>> vm = look(this.ansibleVm::get);
		return new Phase3Observed(look(() -> argocd(argocdUrl)), pipelines, onVm(vm, this::checkout),
				onVm(vm, this::ansibleRun));
	}

	private ArgoCdSources argocd(String url) {
		ArgoCdOperations argocd = this.argocd.apply(url);
		Optional<ArgoCdRepository> repository = argocd.repositories().get(this.facts.gitopsRepository());
		Map<String, String> repos = new TreeMap<>();
		Map<String, String> destinations = new TreeMap<>();
		for (ArgoCdApplication application : argocd.applications().list(null)) {
			repos.put(application.name(), String.valueOf(application.repoUrl()));
			destinations.put(application.name(), String.valueOf(application.destinationServer()));
		}
		return new ArgoCdSources(this.facts.gitlabBase(), this.facts.gitopsRepository(),
				repository.map(ArgoCdRepository::connectionStatus).orElse(null),
				repository.map(ArgoCdRepository::connectionMessage).orElse(null), repos, destinations,
				this.facts.clusterNodes());
	}

	private ProjectPipeline pipeline(String path) {
		GitlabOperations gitlab = gitlab();
		GitlabProject project = project(gitlab, path);
		String branch = project.defaultBranch();
		if (branch == null) {
			return ProjectPipeline.none(path, "(empty repository)");
		}
		Optional<GitlabPipeline> latest = gitlab.pipelines().latest(project.id(), branch);
		if (latest.isEmpty()) {
			return ProjectPipeline.none(path, branch);
		}
		List<PipelineJob> jobs = new ArrayList<>();
		for (GitlabJob job : gitlab.pipelines().jobs(project.id(), latest.get().id())) {
			jobs.add(new PipelineJob(job.name(), job.status(), job.tags(),
					(job.runnerId() != null)
							? "runner #" + job.runnerId()
									+ ((job.runnerDescription() != null) ? " '" + job.runnerDescription() + "'" : "")
							: null));
		}
		return new ProjectPipeline(path, branch, latest.get().id(), latest.get().status(), jobs);
	}

	private Checkout checkout(GuestFiles vm) {
		String clone = this.facts.clonePath();
		GitlabOperations gitlab = gitlab();
		GitlabProject project = project(gitlab, this.facts.ansibleProject());
		String branch = (project.defaultBranch() != null) ? project.defaultBranch() : "main";
		String head = gitlab.repository()
			.commits(project.id(), branch, null, 1)
			.stream()
			.findFirst()
			.map(GitlabCommit::id)
			.orElse(null);
		Optional<String> ref = vm.read(clone + "/.git/HEAD").map(String::strip);
		String checkedOut = null;
		if (ref.isPresent() && ref.get().startsWith("ref: ")) {
			String name = ref.get().substring("ref: ".length());
			checkedOut = vm.read(clone + "/.git/" + name)
				.map(String::strip)
				.or(() -> packed(vm.read(clone + "/.git/packed-refs"), name))
				.orElse(null);
		}
		else if (ref.isPresent()) {
			// a detached HEAD holds the commit itself
			checkedOut = ref.get();
		}
		return new Checkout(clone, branch, checkedOut, head);
	}

	/** The ref's commit in {@code packed-refs} (lines {@code <sha> <ref>}). */
	private static Optional<String> packed(Optional<String> packedRefs, String name) {
		return packedRefs.flatMap(text -> text.lines()
			.map(String::strip)
			.filter(line -> line.endsWith(" " + name) && !line.startsWith("#"))
			.map(line -> line.substring(0, line.indexOf(' ')))
			.findFirst());
	}

	private AnsibleRun ansibleRun(GuestFiles vm) {
		String log = this.facts.ansibleLog();
		return new AnsibleRun(log, recap(vm.read(log).orElse("")));
	}

	/** The newest PLAY RECAP of an ansible log: each host's counts. */
	static Map<String, Recap> recap(String log) {
		List<String> lines = log.lines().map(line -> LOG_PREFIX.matcher(line).replaceFirst("").strip()).toList();
		int start = -1;
		for (int i = lines.size() - 1; i >= 0; i--) {
			if (lines.get(i).startsWith("PLAY RECAP")) {
				start = i;
				break;
			}
		}
		Map<String, Recap> hosts = new TreeMap<>();
		for (int i = start + 1; start >= 0 && i < lines.size(); i++) {
			Matcher recap = RECAP.matcher(lines.get(i));
			if (!recap.find()) {
				break;
			}
			hosts.put(recap.group(1), new Recap(Integer.parseInt(recap.group(2)), Integer.parseInt(recap.group(3)),
					Integer.parseInt(recap.group(4)), Integer.parseInt(recap.group(5))));
		}
		return hosts;
	}

	private GitlabOperations gitlab() {
		return this.gitlab.get()
			.orElseThrow(() -> new IllegalStateException("the engine has no GitLab client (Phase 2's GitLab CE)"));
	}

	private static GitlabProject project(GitlabOperations gitlab, String path) {
		return gitlab.projects()
			.findByPath(path)
			.orElseThrow(() -> new IllegalStateException("GitLab has no project " + path));
	}

	private static <T> Seen<T> look(Supplier<T> look) {
		try {
			return Seen.of(look.get());
		}
		catch (RuntimeException ex) {
			return Seen.failed((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName());
		}
	}

	private static <T> Seen<T> onVm(Seen<Optional<GuestFiles>> vm, Function<GuestFiles, T> look) {
		if (vm.value() == null) {
			return Seen.failed("the ansible VM: " + vm.problem());
		}
		if (vm.value().isEmpty()) {
			return Seen.failed("Proxmox VE shows no ansible VM");
		}
		return look(() -> look.apply(vm.value().get()));
	}

}
