package org.homelab.rollout.matrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.homelab.rollout.criteria.Criterion;
import org.homelab.rollout.monitoring.PrometheusOperations.AlertRule;
import org.homelab.rollout.monitoring.PrometheusOperations.Target;

/**
 * Checks every cell of the matrix the phases so far made real against what the live
 * systems showed ({@link Observed}): a pure function, so each rule of what "integrates"
 * means is tested without a lab.
 * <ul>
 * <li>✅ Prometheus: Prometheus scrapes the service (a target of its job, up) and at least
 * one loaded alerting rule covers it (one named after it, or {@code TargetDown}, which
 * fires for every scrape target but the node exporters);</li>
 * <li>✅ Prometheus of a VM without metrics of its own (Ansible): its node exporter (job
 * {@code node}, its group) is up, covered by {@code NodeDown};</li>
 * <li>✅ Grafana: Grafana shows the service's provisioned dashboard;</li>
 * <li>✅ Vault: the service's credentials exist in Vault (metadata only);</li>
 * <li>GitLab Runner ✅ GitLab CE: every runner asks GitLab for jobs;</li>
 * <li>ArgoCD ✅ GitLab CE: Argo CD's repository for GitLab's gitops project is connected
 * and every Application's source is the homelab's GitLab;</li>
 * <li>Ansible ✅ GitLab CE: the ansible VM's clone is at GitLab's newest commit;</li>
 * <li>✅ GitLab Runner (ArgoCD, Ansible): the pipeline of the project's newest commit
 * succeeded on the general runner;</li>
 * <li>Ansible ✅ ArgoCD: Ansible and Argo CD split the homelab (Argo CD deploys into K3s
 * only, Ansible's newest run kept its hosts, none a K3s node);</li>
 * <li>any other column: no check yet, so such a cell, once real, is unmet (says so).</li>
 * </ul>
 */
public final class MatrixCheck {

	/** Alerting rules that cover every scrape target (deploy/prometheus/rules). */
	static final Set<String> GENERIC_ALERTS = Set.of("TargetDown");

	/** The dashboard Grafana shows for a service (deploy/grafana/dashboards). */
	static final Map<Service, String> DASHBOARDS = Map.of(Service.PROMETHEUS, "homelab-nodes", Service.VAULT,
			"homelab-vault", Service.GITLAB_CE, "homelab-gitlab", Service.GITLAB_RUNNER, "homelab-gitlab",
			Service.ARGOCD, "homelab-argocd", Service.ANSIBLE, "homelab-argocd", Service.PROXMOX_BACKUP,
			"homelab-backup");

	/**
	 * Services Prometheus sees only through their VM's node exporter: the {@code node}
	 * job's targets of this group (GitopsTargets), covered by {@code NodeDown}.
	 */
	static final Map<Service, String> NODE_GROUPS = Map.of(Service.ANSIBLE, "ansible");

	/** The alerting rule that covers every node exporter (deploy/prometheus/rules). */
	static final String NODE_ALERT = "NodeDown";

	/**
	 * Why a real cell without a check here is unmet: what makes it real lives elsewhere
	 * and has no check yet (none since Phase 3's got theirs).
	 */
	static final Map<Cell, String> UNCHECKED = Map.of();

	/**
	 * The services whose GitLab project's pipelines the ✅ GitLab Runner cells look at
	 * (ArgoCD's gitops, Ansible's ansible).
	 */
	public static final Set<Service> PIPELINES = Set.of(Service.ARGOCD, Service.ANSIBLE);

	/**
	 * The runner tag the ✅ GitLab Runner cells' jobs must carry: the general runner's.
	 */
	static final String RUNNER_TAG = "general";

	/** The destination of an Application deploying into the cluster Argo CD runs in. */
	static final String IN_CLUSTER = "https://kubernetes.default.svc";

	/**
	 * Prometheus's jobs of a service where they are not named after it (GitlabTargets):
	 * GitLab's Rails and its exporter; every one must be up.
	 */
	static final Map<Service, List<String>> JOBS = Map.of(Service.GITLAB_CE, List.of("gitlab", "gitlab-exporter"));

	/**
	 * Where a service's credentials live in Vault (kv-v2 mount, {@code services/...}):
	 * the cell ✅ Vault holds when each exists. Only metadata is read, never a value.
	 */
	public static final Map<Service, List<String>> CREDENTIALS = Map.of(Service.GITLAB_CE,
			List.of("gitlab/root-password", "gitlab/engine-token"), Service.GITLAB_RUNNER,
			List.of("gitlab/runner-gpu", "gitlab/runner-general"), Service.ARGOCD, List.of("argocd/admin-password"),
			Service.ANSIBLE, List.of("ansible/proxmox-token", "ansible/gitlab-deploy-token"), Service.PROXMOX_BACKUP,
			List.of("proxmox-backup/engine-password", "proxmox-backup/pve-token", "proxmox-backup/exporter-token"));

	/**
	 * The VMs whose backups bring a service back (docs/integration-matrix.md): its own
	 * VM; for the K3s workloads what they are redeployed from, GitLab's projects (their
	 * Helm values, the gitops repository, the runners' registrations) and Vault (their
	 * credentials). The cell Proxmox Backup ✅ service holds when each has a backup.
	 */
	static final Map<Service, List<String>> RECOVERED_FROM = Map.of(Service.GITLAB_CE, List.of("gitlab-ce"),
			Service.GITLAB_RUNNER, List.of("gitlab-ce", "vault"), Service.ARGOCD, List.of("gitlab-ce", "vault"),
			Service.ANSIBLE, List.of("ansible"));

	/**
	 * A runner uses GitLab when its metrics count requests to GitLab's API (asking for
	 * jobs): {@code gitlab_runner_api_request_statuses_total}, by its {@code runner}
	 * label.
	 */
	public static final String RUNNER_REQUESTS = "sum by (runner) (gitlab_runner_api_request_statuses_total{job=\"gitlab-runner\"})";

	private final IntegrationMatrix matrix;

	public MatrixCheck(IntegrationMatrix matrix) {
		this.matrix = matrix;
	}

	/**
	 * What the live systems showed; {@code dashboards} null when Grafana could not be
	 * asked ({@code grafanaProblem} says why), likewise {@code targets}.
	 */
	public record Observed(List<Target> targets, List<AlertRule> alertRules, String prometheusProblem,
			Set<String> dashboards, String grafanaProblem, Map<String, Boolean> credentials, String vaultProblem,
			Map<String, Double> runnerRequests, Phase3Observed phase3, Phase4Observed phase4) {

		/** What Phase 3 needs: Phase 4's backups not asked. */
		public Observed(List<Target> targets, List<AlertRule> alertRules, String prometheusProblem,
				Set<String> dashboards, String grafanaProblem, Map<String, Boolean> credentials, String vaultProblem,
				Map<String, Double> runnerRequests, Phase3Observed phase3) {
			this(targets, alertRules, prometheusProblem, dashboards, grafanaProblem, credentials, vaultProblem,
					runnerRequests, phase3, null);
		}

		/** What Phase 2 needs: Phase 3's systems not asked. */
		public Observed(List<Target> targets, List<AlertRule> alertRules, String prometheusProblem,
				Set<String> dashboards, String grafanaProblem, Map<String, Boolean> credentials, String vaultProblem,
				Map<String, Double> runnerRequests) {
			this(targets, alertRules, prometheusProblem, dashboards, grafanaProblem, credentials, vaultProblem,
					runnerRequests, null);
		}

		/**
		 * What Phase 1 needs: Prometheus and Grafana; Vault and the runners' requests not
		 * asked.
		 */
		public Observed(List<Target> targets, List<AlertRule> alertRules, String prometheusProblem,
				Set<String> dashboards, String grafanaProblem) {
			this(targets, alertRules, prometheusProblem, dashboards, grafanaProblem, null, "not asked", null, null);
		}

	}

	/** One cell's state: real by {@code phase} or not, and if real whether it is met. */
	public record CellState(Cell cell, boolean real, boolean met, String detail) {

		public String line() {
			String state = !this.real ? "comes with Phase " + this.cell.phase() : this.met ? "MET" : "NOT MET";
			return this.cell.label() + ": " + state + (this.detail.isEmpty() ? "" : " (" + this.detail + ")");
		}

	}

	/** The criterion and every cell of the matrix with its state. */
	public record Result(Criterion criterion, List<CellState> cells) {

		/**
		 * One line a cell, in the plan's order; no secrets, only what the systems showed.
		 */
		public String table() {
			return String.join("\n", this.cells.stream().map(CellState::line).toList());
		}

	}

	public Result check(int phase, Observed observed) {
		List<CellState> states = new ArrayList<>();
		for (Cell cell : this.matrix.cells()) {
			states.add((cell.phase() > phase) ? new CellState(cell, false, false, "") : check(cell, observed));
		}
		List<CellState> real = states.stream().filter(CellState::real).toList();
		List<String> unmet = real.stream().filter(state -> !state.met()).map(state -> state.cell().label()).toList();
		Criterion criterion = unmet.isEmpty()
				? Criterion.met("All " + real.size() + " cells of the integration matrix Phase " + phase
						+ " makes real are met")
				: Criterion.unmet(unmet.size() + " of " + real.size() + " cells of the integration matrix not met: "
						+ String.join(", ", unmet));
		return new Result(criterion, states);
	}

	private CellState check(Cell cell, Observed observed) {
		if (cell.with() == Service.PROMETHEUS) {
			return scraped(cell, observed);
		}
		if (cell.with() == Service.GRAFANA) {
			return dashboard(cell, observed);
		}
		if (cell.with() == Service.VAULT && CREDENTIALS.containsKey(cell.service())) {
			return credentials(cell, observed);
		}
		if (cell.with() == Service.GITLAB_CE && cell.service() == Service.GITLAB_RUNNER) {
			return runnersUseGitlab(cell, observed);
		}
		if (cell.with() == Service.GITLAB_CE && cell.service() == Service.ARGOCD) {
			return argocdSource(cell, observed);
		}
		if (cell.with() == Service.GITLAB_CE && cell.service() == Service.ANSIBLE) {
			return ansibleCheckout(cell, observed);
		}
		if (cell.with() == Service.GITLAB_RUNNER && PIPELINES.contains(cell.service())) {
			return pipelineOnRunner(cell, observed);
		}
		if (cell.with() == Service.ARGOCD && cell.service() == Service.ANSIBLE) {
			return ansibleBesideArgocd(cell, observed);
		}
		if (cell.service() == Service.PROXMOX_BACKUP && RECOVERED_FROM.containsKey(cell.with())) {
			return backedUp(cell, observed);
		}
		return new CellState(cell, true, false,
				UNCHECKED.getOrDefault(cell, "no check for " + cell.with().planName() + " yet"));
	}

	/**
	 * The targets of the cells made real by {@code phase} that Prometheus has not scraped
	 * yet (health unknown): no verdict on them is possible before their first scrape.
	 */
	public List<String> unscraped(int phase, Observed observed) {
		if (observed.targets() == null) {
			return List.of();
		}
		Set<String> jobs = new TreeSet<>();
		IntegrationMatrix.PLAN.realBy(phase)
			.stream()
			.filter(cell -> cell.with() == Service.PROMETHEUS)
			.forEach(cell -> jobs.addAll(jobs(cell.service())));
		Set<String> groups = new TreeSet<>();
		IntegrationMatrix.PLAN.realBy(phase)
			.stream()
			.filter(cell -> cell.with() == Service.PROMETHEUS && NODE_GROUPS.containsKey(cell.service()))
			.forEach(cell -> groups.add(NODE_GROUPS.get(cell.service())));
		return observed.targets()
			.stream()
			.filter(target -> (jobs.contains(target.job())
					|| (target.job().equals("node") && groups.contains(target.labels().get("group"))))
					&& "unknown".equals(target.health()))
			.map(target -> target.job() + " " + target.instance())
			.toList();
	}

	private static CellState scraped(Cell cell, Observed observed) {
		if (observed.targets() == null) {
			return new CellState(cell, true, false, "Prometheus not asked: " + observed.prometheusProblem());
		}
		String group = NODE_GROUPS.get(cell.service());
		List<String> jobs = (group != null) ? List.of("node") : jobs(cell.service());
		String job = (group != null) ? "node (group " + group + ")" : String.join("+", jobs);
		List<Target> targets = observed.targets()
			.stream()
			.filter(target -> jobs.contains(target.job())
					&& (group == null || group.equals(target.labels().get("group"))))
			.toList();
		Set<String> rules = new TreeSet<>();
		String prefix = cell.service().planName().replace(" ", "");
		for (AlertRule rule : observed.alertRules()) {
			boolean covers = (group != null) ? NODE_ALERT.equals(rule.name())
					: GENERIC_ALERTS.contains(rule.name()) || rule.name().startsWith(prefix);
			if (covers) {
				rules.add(rule.name());
			}
		}
		boolean up = jobs.stream().allMatch(j -> targets.stream().anyMatch(t -> t.job().equals(j)))
				&& targets.stream().allMatch(Target::up);
		String scrape = targets.isEmpty() ? "no target of job " + job
				: "job " + job + " " + targets.stream().map(t -> t.instance() + " " + t.health()).toList();
		return new CellState(cell, true, up && !rules.isEmpty(),
				scrape + "; alerting rules " + (rules.isEmpty() ? "none" : rules));
	}

	/** The service's Prometheus jobs: its own id unless {@link #JOBS} names them. */
	static List<String> jobs(Service service) {
		return JOBS.getOrDefault(service, List.of(service.id()));
	}

	private static CellState credentials(Cell cell, Observed observed) {
		if (observed.credentials() == null) {
			return new CellState(cell, true, false, "Vault not asked: " + observed.vaultProblem());
		}
		List<String> missing = new ArrayList<>();
		for (String path : CREDENTIALS.get(cell.service())) {
			if (!Boolean.TRUE.equals(observed.credentials().get(path))) {
				missing.add(path);
			}
		}
		return new CellState(cell, true, missing.isEmpty(), missing.isEmpty()
				? "credentials in Vault " + CREDENTIALS.get(cell.service()) : "not in Vault: " + missing);
	}

	private static CellState runnersUseGitlab(Cell cell, Observed observed) {
		if (observed.runnerRequests() == null) {
			return new CellState(cell, true, false, "Prometheus not asked: " + observed.prometheusProblem());
		}
		List<String> runners = new ArrayList<>(new TreeSet<>(observed.runnerRequests().keySet()));
		boolean talking = !runners.isEmpty()
				&& observed.runnerRequests().values().stream().allMatch(count -> count > 0);
		return new CellState(cell, true, talking, runners.isEmpty() ? "no runner reports requests to GitLab"
				: "runners asking GitLab for jobs " + runners);
	}

	/**
	 * ArgoCD ✅ GitLab CE: Argo CD knows GitLab's gitops repository, connected
	 * ({@code Successful}), and every Application (the root and its children) takes its
	 * source from the homelab's GitLab.
	 */
	private static CellState argocdSource(Cell cell, Observed observed) {
		Phase3Observed.Seen<Phase3Observed.ArgoCdSources> seen = seen(observed, Phase3Observed::argocd);
		if (seen.value() == null) {
			return new CellState(cell, true, false, "Argo CD not asked: " + seen.problem());
		}
		Phase3Observed.ArgoCdSources argocd = seen.value();
		if (argocd.connectionStatus() == null) {
			return new CellState(cell, true, false, "Argo CD has no repository " + argocd.repository());
		}
		String repository = "repository " + argocd.repository() + " " + argocd.connectionStatus();
		if (!"Successful".equals(argocd.connectionStatus())) {
			return new CellState(cell, true, false,
					repository + ((argocd.connectionMessage() != null && !argocd.connectionMessage().isBlank())
							? ": " + argocd.connectionMessage() : ""));
		}
		if (argocd.applicationRepos().isEmpty()) {
			return new CellState(cell, true, false, repository + "; no Application");
		}
		List<String> foreign = new TreeSet<>(argocd.applicationRepos().keySet()).stream()
			.filter(app -> !String.valueOf(argocd.applicationRepos().get(app)).startsWith(argocd.gitlabBase()))
			.map(app -> app + " from " + argocd.applicationRepos().get(app))
			.toList();
		return new CellState(cell, true, foreign.isEmpty(), repository + "; " + (foreign.isEmpty()
				? "Applications " + new TreeSet<>(argocd.applicationRepos().keySet()) + " from " + argocd.gitlabBase()
				: "not from " + argocd.gitlabBase() + ": " + foreign));
	}

	/**
	 * Ansible ✅ GitLab CE: the ansible VM's clone is at the commit GitLab's default
	 * branch has now.
	 */
	private static CellState ansibleCheckout(Cell cell, Observed observed) {
		Phase3Observed.Seen<Phase3Observed.Checkout> seen = seen(observed, Phase3Observed::checkout);
		if (seen.value() == null) {
			return new CellState(cell, true, false, "checkout not looked at: " + seen.problem());
		}
		Phase3Observed.Checkout checkout = seen.value();
		if (checkout.checkedOut() == null) {
			return new CellState(cell, true, false, "no clone at " + checkout.path() + " on the ansible VM");
		}
		if (checkout.gitlabHead() == null) {
			return new CellState(cell, true, false, "GitLab's " + checkout.branch() + " has no commit");
		}
		boolean same = checkout.checkedOut().equals(checkout.gitlabHead());
		return new CellState(cell, true, same,
				same ? checkout.path() + " at " + checkout.branch() + " " + shortSha(checkout.gitlabHead())
						+ " as in GitLab"
						: checkout.path() + " at " + shortSha(checkout.checkedOut()) + ", GitLab's " + checkout.branch()
								+ " at " + shortSha(checkout.gitlabHead()));
	}

	/**
	 * ✅ GitLab Runner (ArgoCD, Ansible): the pipeline of the project's newest commit
	 * succeeded, each of its jobs tagged for the general runner and taken by one.
	 */
	private static CellState pipelineOnRunner(Cell cell, Observed observed) {
		Phase3Observed.Seen<Phase3Observed.ProjectPipeline> seen = (observed.phase3() != null)
				? observed.phase3().pipelines().get(cell.service()) : null;
		if (seen == null) {
			seen = Phase3Observed.Seen.failed("not asked before Phase 3");
		}
		if (seen.value() == null) {
			return new CellState(cell, true, false, "GitLab's pipelines not asked: " + seen.problem());
		}
		Phase3Observed.ProjectPipeline pipeline = seen.value();
		String project = pipeline.project();
		if (pipeline.id() == null) {
			return new CellState(cell, true, false,
					"no pipeline for " + project + "'s newest commit of " + pipeline.ref());
		}
		String name = project + " pipeline " + pipeline.id();
		if (!"success".equals(pipeline.status())) {
			return new CellState(cell, true, false, name + " " + pipeline.status());
		}
		List<String> jobs = new ArrayList<>();
		boolean onRunner = !pipeline.jobs().isEmpty();
		for (Phase3Observed.PipelineJob job : pipeline.jobs()) {
			boolean ours = job.runner() != null && job.tags().contains(RUNNER_TAG) && "success".equals(job.status());
			onRunner &= ours;
			jobs.add(job.name() + " " + job.status() + ((job.runner() != null) ? " on " + job.runner() : "")
					+ (job.tags().contains(RUNNER_TAG) ? "" : " (not tagged " + RUNNER_TAG + ")"));
		}
		return new CellState(cell, true, onRunner, name + " success: " + jobs);
	}

	/**
	 * Ansible ✅ ArgoCD: the two split the homelab between them, each reconciling its own
	 * side from GitLab. Argo CD deploys only into the K3s cluster it runs in; Ansible's
	 * newest run reached every host it targets (failed=0, unreachable=0) and none of them
	 * is a K3s node, which Argo CD's workloads run on (two reconcilers of one machine
	 * would undo each other's work).
	 */
	private static CellState ansibleBesideArgocd(Cell cell, Observed observed) {
		Phase3Observed.Seen<Phase3Observed.ArgoCdSources> argocd = seen(observed, Phase3Observed::argocd);
		Phase3Observed.Seen<Phase3Observed.AnsibleRun> run = seen(observed, Phase3Observed::ansibleRun);
		if (argocd.value() == null) {
			return new CellState(cell, true, false, "Argo CD not asked: " + argocd.problem());
		}
		if (run.value() == null) {
			return new CellState(cell, true, false, "Ansible's log not read: " + run.problem());
		}
		Phase3Observed.ArgoCdSources sources = argocd.value();
		Phase3Observed.AnsibleRun ansible = run.value();
		List<String> problems = new ArrayList<>();
		List<String> elsewhere = new TreeSet<>(sources.applicationDestinations().keySet()).stream()
			.filter(app -> !IN_CLUSTER.equals(sources.applicationDestinations().get(app)))
			.map(app -> app + " to " + sources.applicationDestinations().get(app))
			.toList();
		if (sources.applicationDestinations().isEmpty()) {
			problems.add("Argo CD deploys no Application");
		}
		if (!elsewhere.isEmpty()) {
			problems.add("Applications deploying outside K3s: " + elsewhere);
		}
		Set<String> hosts = new TreeSet<>(ansible.hosts().keySet());
		if (hosts.isEmpty()) {
			problems.add("no completed Ansible run in " + ansible.log());
		}
		List<String> unclean = hosts.stream()
			.filter(host -> !ansible.hosts().get(host).clean())
			.map(host -> host + " " + recap(ansible.hosts().get(host)))
			.toList();
		if (!unclean.isEmpty()) {
			problems.add("Ansible's newest run failed on " + unclean);
		}
		List<String> shared = hosts.stream().filter(sources.clusterNodes()::contains).toList();
		if (!shared.isEmpty()) {
			problems.add("Ansible's newest run changed K3s nodes " + shared + " under Argo CD's workloads");
		}
		return new CellState(cell, true, problems.isEmpty(),
				problems.isEmpty() ? "Argo CD deploys " + new TreeSet<>(sources.applicationDestinations().keySet())
						+ " into K3s; Ansible's newest run kept " + hosts + " (failed=0, unreachable=0), no K3s node"
						: String.join("; ", problems));
	}

	private static String recap(Phase3Observed.Recap recap) {
		return "failed=" + recap.failed() + " unreachable=" + recap.unreachable();
	}

	private static <T> Phase3Observed.Seen<T> seen(Observed observed,
			java.util.function.Function<Phase3Observed, Phase3Observed.Seen<T>> part) {
		Phase3Observed.Seen<T> seen = (observed.phase3() != null) ? part.apply(observed.phase3()) : null;
		return (seen != null) ? seen : Phase3Observed.Seen.failed("not asked before Phase 3");
	}

	private static String shortSha(String sha) {
		return (sha.length() > 8) ? sha.substring(0, 8) : sha;
	}

	private static CellState backedUp(Cell cell, Observed observed) {
		Phase4Observed phase4 = observed.phase4();
		if (phase4 == null || phase4.newestBackups() == null) {
			return new CellState(cell, true, false, "Proxmox VE not asked for backups: "
					+ ((phase4 != null) ? phase4.problem() : "no look at Phase 4's backups"));
		}
		List<String> vms = RECOVERED_FROM.get(cell.with());
		List<String> missing = vms.stream().filter(vm -> !phase4.newestBackups().containsKey(vm)).toList();
		List<String> found = vms.stream()
			.filter(phase4.newestBackups()::containsKey)
			.map(vm -> vm + " " + phase4.newestBackups().get(vm))
			.toList();
		return new CellState(cell, true, missing.isEmpty(),
				"backups on " + phase4.storage() + ": " + (found.isEmpty() ? "none" : String.join(", ", found))
						+ (missing.isEmpty() ? "" : "; no backup of " + String.join(", ", missing)));
	}

	private static CellState dashboard(Cell cell, Observed observed) {
		String uid = DASHBOARDS.get(cell.service());
		if (uid == null) {
			return new CellState(cell, true, false, "no dashboard of " + cell.service().planName() + " shipped");
		}
		if (observed.dashboards() == null) {
			return new CellState(cell, true, false, "Grafana not asked: " + observed.grafanaProblem());
		}
		boolean shown = observed.dashboards().contains(uid);
		return new CellState(cell, true, shown, "dashboard " + uid + (shown ? " provisioned" : " missing"));
	}

}
