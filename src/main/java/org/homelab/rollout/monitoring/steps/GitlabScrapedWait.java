package org.homelab.rollout.monitoring.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homelab.rollout.monitoring.BackupTargets;
import org.homelab.rollout.monitoring.GitlabTargets;
import org.homelab.rollout.monitoring.GitopsTargets;
import org.homelab.rollout.monitoring.MonitoringOperations;
import org.homelab.rollout.monitoring.PrometheusOperations;
import org.homelab.rollout.monitoring.ScrapePlans;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code prometheus-gitlab-scraped}: after prometheus-update-targets reloaded
 * Prometheus, its active targets agree with what it was told ({@code gitlabScraped}):
 * with GitLab, every GitLab job ({@link GitlabTargets#JOBS}) and GitLab VM's node
 * exporter has a target scraped at least once (up or down, no longer "unknown"), so the
 * matrix check that follows judges real health; without, no GitLab target is left. The
 * same for Phase 3 ({@code argocdScraped}): Argo CD's job and the ansible VM's node
 * exporter (when the inventory plans it). How long to be patient is the model's (a timer
 * on the wait).
 */
@Component
class GitlabScrapedWait implements WaitCondition {

	private final MonitoringOperations monitoring;

	private final ScrapePlans plans;

	GitlabScrapedWait(MonitoringOperations monitoring, ScrapePlans plans) {
		this.monitoring = monitoring;
		this.plans = plans;
	}

	@Override
	public String topic() {
		return "prometheus-gitlab-scraped";
	}

	@Override
	public Set<String> variables() {
		return Set.of(MonitoringVariables.GITLAB_SCRAPED, MonitoringVariables.ARGOCD_SCRAPED,
				MonitoringVariables.BACKUP_SCRAPED, MonitoringVariables.PROMETHEUS_URL);
	}

	@Override
	public Check check(Look look) {
		Object url = look.variables().get(MonitoringVariables.PROMETHEUS_URL);
		PrometheusOperations prometheus = this.monitoring.prometheus(
				(url != null) ? url.toString() : this.plans.prometheusUrl(this.plans.plannedPrometheusAddress()));
		boolean gitlab = Boolean.TRUE.equals(look.variables().get(MonitoringVariables.GITLAB_SCRAPED));
		boolean argocd = Boolean.TRUE.equals(look.variables().get(MonitoringVariables.ARGOCD_SCRAPED));
		boolean backup = Boolean.TRUE.equals(look.variables().get(MonitoringVariables.BACKUP_SCRAPED));
		List<PrometheusOperations.Target> active = prometheus.activeTargets();
		// a Prometheus that restarted has no targets at all for a moment: Phase 1's nodes
		// must be back before an empty GitLab list means anything
		List<String> nodes = this.plans.inventoryNodes()
			.stream()
			.filter(node -> active.stream()
				.noneMatch(t -> t.job().equals("node") && node.equals(t.labels().get("node"))))
			.toList();
		if (!nodes.isEmpty()) {
			return Check.waiting(
					"Prometheus at " + prometheus.base() + " to load its targets again (nodes " + nodes + " missing)");
		}
		List<String> pending = new ArrayList<>();
		pending.addAll(gitlab ? unscrapedGitlab(active) : left(active, GitlabScrapedWait::ofGitlab, "GitLab's"));
		pending.addAll(argocd ? unscrapedGitops(active)
				: left(active, GitlabScrapedWait::ofGitops, "Argo CD's and the ansible VM's"));
		pending.addAll(backup ? unscrapedBackup(active) : left(active, GitlabScrapedWait::ofBackup, "PBS's"));
		return pending.isEmpty() ? Check.done(Map.of())
				: Check.waiting("Prometheus at " + prometheus.base() + " to " + String.join("; ", pending));
	}

	private static List<String> left(List<PrometheusOperations.Target> active,
			java.util.function.Predicate<PrometheusOperations.Target> of, String whose) {
		List<String> left = active.stream().filter(of).map(t -> t.job() + " " + t.instance()).toList();
		return left.isEmpty() ? List.of() : List.of("drop " + whose + " targets " + left);
	}

	private static List<String> unscrapedGitlab(List<PrometheusOperations.Target> active) {
		List<PrometheusOperations.Target> targets = active.stream().filter(GitlabScrapedWait::ofGitlab).toList();
		List<String> unscraped = new ArrayList<>();
		for (String job : GitlabTargets.JOBS) {
			if (targets.stream().noneMatch(t -> t.job().equals(job) && !"unknown".equals(t.health()))) {
				unscraped.add(job);
			}
		}
		if (targets.stream().noneMatch(t -> t.job().equals("node") && !"unknown".equals(t.health()))) {
			unscraped.add("node " + GitlabTargets.VM);
		}
		targets.stream()
			.filter(t -> "unknown".equals(t.health()))
			.forEach(t -> unscraped.add(t.job() + " " + t.labels().getOrDefault("runner", t.instance())));
		return unscraped.isEmpty() ? List.of() : List.of("scrape " + unscraped.stream().distinct().toList() + " once");
	}

	private List<String> unscrapedGitops(List<PrometheusOperations.Target> active) {
		List<PrometheusOperations.Target> targets = active.stream().filter(GitlabScrapedWait::ofGitops).toList();
		List<String> unscraped = new ArrayList<>();
		if (targets.stream().noneMatch(t -> t.job().equals(GitopsTargets.JOB) && !"unknown".equals(t.health()))) {
			unscraped.add(GitopsTargets.JOB);
		}
		if (this.plans.gitops().ansible() != null
				&& targets.stream().noneMatch(t -> t.job().equals("node") && !"unknown".equals(t.health()))) {
			unscraped.add("node " + GitopsTargets.ANSIBLE_VM);
		}
		return unscraped.isEmpty() ? List.of() : List.of("scrape " + unscraped + " once");
	}

	private static List<String> unscrapedBackup(List<PrometheusOperations.Target> active) {
		return active.stream().anyMatch(t -> ofBackup(t) && !"unknown".equals(t.health())) ? List.of()
				: List.of("scrape [" + BackupTargets.JOB + "] once");
	}

	private static boolean ofBackup(PrometheusOperations.Target target) {
		return BackupTargets.JOB.equals(target.job());
	}

	private static boolean ofGitops(PrometheusOperations.Target target) {
		return GitopsTargets.JOB.equals(target.job())
				|| (target.job().equals("node") && GitopsTargets.ANSIBLE_GROUP.equals(target.labels().get("group")));
	}

	private static boolean ofGitlab(PrometheusOperations.Target target) {
		return GitlabTargets.JOBS.contains(target.job())
				|| (target.job().equals("node") && GitlabTargets.GROUP.equals(target.labels().get("group")));
	}

}
