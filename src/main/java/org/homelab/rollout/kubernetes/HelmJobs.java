package org.homelab.rollout.kubernetes;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.homelab.rollout.kubernetes.HelmJobStatus.State;

import static org.homelab.rollout.kubernetes.KubernetesResponses.call;

/**
 * Reads the helm-controller's Jobs: their state, and for a failed one the condition and
 * the tail of its last pod's log (what klipper-helm printed, e.g. "Error: INSTALLATION
 * FAILED: chart … not found").
 */
final class HelmJobs {

	private final KubernetesClient client;

	private final int tailLines;

	HelmJobs(KubernetesClient client, int tailLines) {
		this.client = client;
		this.tailLines = tailLines;
	}

	Job job(String ns, String name) {
		return call("GET jobs " + ns + "/" + name,
				() -> this.client.batch().v1().jobs().inNamespace(ns).withName(name).get());
	}

	String uid(String ns, String name) {
		Job job = job(ns, name);
		return (job == null) ? null : job.getMetadata().getUid();
	}

	HelmJobStatus installStatus(String ns, String release, String previousJobUid) {
		String name = "helm-install-" + release;
		Job job = job(ns, name);
		if (job == null || job.getMetadata().getUid().equals(previousJobUid)) {
			return HelmJobStatus.of(State.PENDING, name,
					"K3s helm-controller to start Job " + ns + "/" + name + " for the new spec");
		}
		if (hasCondition(job, "Complete")) {
			return HelmJobStatus.of(State.COMPLETE, name, "Job " + ns + "/" + name + " complete");
		}
		if (hasCondition(job, "Failed")) {
			return failed(job);
		}
		int failed = (job.getStatus() == null || job.getStatus().getFailed() == null) ? 0 : job.getStatus().getFailed();
		return HelmJobStatus.of(State.RUNNING, name, "Job " + ns + "/" + name + " to complete (" + ((failed == 0)
				? "running" : failed + " failed attempt(s) of " + (job.getSpec().getBackoffLimit() + 1)) + ")");
	}

	HelmJobStatus failed(Job job) {
		String ns = job.getMetadata().getNamespace();
		Optional<Pod> pod = newestPod(job);
		String detail = "Job " + ns + "/" + job.getMetadata().getName() + " failed (" + reason(job) + ")"
				+ pod.map(p -> "; its pod " + p.getMetadata().getName() + " logged").orElse("; no pod left to read");
		return new HelmJobStatus(State.FAILED, job.getMetadata().getName(), detail,
				pod.map(p -> tail(ns, p)).orElse(""));
	}

	private static String reason(Job job) {
		return job.getStatus()
			.getConditions()
			.stream()
			.filter(c -> "Failed".equals(c.getType()))
			.map(c -> c.getReason() + ": " + c.getMessage())
			.findFirst()
			.orElse("Failed");
	}

	/** The failed condition and the log tail of the Job's newest pod, in one text. */
	String failure(Job job) {
		HelmJobStatus failed = failed(job);
		return failed.detail() + ":\n" + failed.logTail();
	}

	static boolean hasCondition(Job job, String type) {
		if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
			return false;
		}
		List<JobCondition> conditions = job.getStatus().getConditions();
		return conditions.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
	}

	private Optional<Pod> newestPod(Job job) {
		String ns = job.getMetadata().getNamespace();
		String name = job.getMetadata().getName();
		List<Pod> pods = call("GET pods " + ns + " job-name=" + name,
				() -> this.client.pods().inNamespace(ns).withLabel("job-name", name).list().getItems());
		// pods of an older Job by the same name may linger; only this Job's own count
		return pods.stream()
			.filter(p -> p.getMetadata()
				.getOwnerReferences()
				.stream()
				.anyMatch(o -> job.getMetadata().getUid().equals(o.getUid())))
			.max(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
				.thenComparing(p -> p.getMetadata().getName()));
	}

	private String tail(String ns, Pod pod) {
		String name = pod.getMetadata().getName();
		String log = call("GET pods/log " + ns + "/" + name,
				() -> this.client.pods().inNamespace(ns).withName(name).tailingLines(this.tailLines).getLog());
		return (log == null || log.isBlank()) ? "(empty log)" : log.strip();
	}

}
