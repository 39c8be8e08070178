package org.homelab.rollout.rehearsal.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The helm Jobs the controller runs, and what the Job controller and kubelet would make
 * of them: a Pod per attempt (with its log), then {@code Complete=True}, or
 * {@code Failed=True} once more pods failed than {@code backoffLimit}.
 */
final class HelmJobs {

	static final String CONFIG_HASH = "helmcharts.helm.cattle.io/configHash";

	static final String CHART_LABEL = "helmcharts.helm.cattle.io/chart";

	static final String JOB_IMAGE = "rancher/klipper-helm:v0.9.8-build20250709";

	private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

	private final KubernetesClient client;

	private final PodLogs logs;

	private final Random suffixes = new Random(6443);

	HelmJobs(KubernetesClient client, PodLogs logs) {
		this.client = client;
		this.logs = logs;
	}

	/**
	 * As helm-controller does: SHA256 over the backoff limit and what the Job runs (here:
	 * the chart's spec and the values of its HelmChartConfig).
	 */
	static String configHash(GenericKubernetesResource chart, int backOffLimit, String configValues) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(String.valueOf(backOffLimit).getBytes(StandardCharsets.UTF_8));
			digest.update(
					Serialization.asJson(chart.getAdditionalProperties().get("spec")).getBytes(StandardCharsets.UTF_8));
			digest.update(configValues.getBytes(StandardCharsets.UTF_8));
			return "SHA256=" + java.util.HexFormat.of().withUpperCase().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	Job get(String namespace, String name) {
		return this.client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
	}

	static String hash(Job job) {
		return (job == null) ? null : job.getMetadata().getAnnotations().get(CONFIG_HASH);
	}

	/** Deletes the Job of that name with its pods, if any, and starts a new one. */
	Job replace(GenericKubernetesResource chart, String name, String action, String hash, int backOffLimit) {
		String ns = chart.getMetadata().getNamespace();
		if (get(ns, name) != null) {
			this.client.batch().v1().jobs().inNamespace(ns).withName(name).delete();
			this.client.pods().inNamespace(ns).withLabel("job-name", name).delete();
		}
		Map<String, String> labels = Map.of(CHART_LABEL, chart.getMetadata().getName());
		Job job = new JobBuilder().withNewMetadata()
			.withName(name)
			.withNamespace(ns)
			.withLabels(labels)
			.addToAnnotations(CONFIG_HASH, hash)
			.addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("helm.cattle.io/v1")
				.withKind("HelmChart")
				.withName(chart.getMetadata().getName())
				.withUid(chart.getMetadata().getUid())
				.withController(true)
				.withBlockOwnerDeletion(true)
				.build())
			.endMetadata()
			.withNewSpec()
			.withBackoffLimit(backOffLimit)
			.withNewTemplate()
			.withNewMetadata()
			.withLabels(labels)
			.addToLabels("job-name", name)
			.addToAnnotations(CONFIG_HASH, hash)
			.endMetadata()
			.withNewSpec()
			.withRestartPolicy("OnFailure")
			.withServiceAccountName("helm-" + chart.getMetadata().getName())
			.addNewContainer()
			.withName("helm")
			.withImage(JOB_IMAGE)
			.withArgs(action)
			.addNewEnv()
			.withName("NAME")
			.withValue(chart.getMetadata().getName())
			.endEnv()
			.endContainer()
			.endSpec()
			.endTemplate()
			.endSpec()
			.build();
		this.client.batch().v1().jobs().inNamespace(ns).resource(job).create();
		return status(job, 1, 0, 0, false, false);
	}

	/**
	 * Runs one attempt: a pod that ends Succeeded or Failed and leaves {@code log}
	 * behind.
	 */
	void runPod(Job job, boolean succeeded, String log) {
		String ns = job.getMetadata().getNamespace();
		String name = job.getMetadata().getName() + "-" + suffix();
		Pod pod = new PodBuilder().withNewMetadata()
			.withName(name)
			.withNamespace(ns)
			.withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
			.addToLabels("batch.kubernetes.io/job-name", job.getMetadata().getName())
			.addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1")
				.withKind("Job")
				.withName(job.getMetadata().getName())
				.withUid(job.getMetadata().getUid())
				.withController(true)
				.build())
			.endMetadata()
			.withSpec(job.getSpec().getTemplate().getSpec())
			.build();
		this.logs.write(ns, name, log);
		this.client.pods().inNamespace(ns).resource(pod).create();
		this.client.pods()
			.inNamespace(ns)
			.withName(name)
			.editStatus(p -> new PodBuilder(p).withNewStatus()
				.withPhase(succeeded ? "Succeeded" : "Failed")
				.addNewContainerStatus()
				.withName("helm")
				.withImage(JOB_IMAGE)
				.withReady(false)
				.withRestartCount(0)
				.withNewState()
				.withNewTerminated()
				.withExitCode(succeeded ? 0 : 1)
				.withReason(succeeded ? "Completed" : "Error")
				.withFinishedAt(now())
				.endTerminated()
				.endState()
				.endContainerStatus()
				.endStatus()
				.build());
	}

	/** {@code failed}: the pods that failed before this one succeeded. */
	void complete(Job job, int failed) {
		status(job, 0, 1, failed, true, false);
	}

	void retrying(Job job, int failed) {
		status(job, 1, 0, failed, false, false);
	}

	void fail(Job job, int failed) {
		status(job, 0, 0, failed, false, true);
	}

	/** What the garbage collector does once the HelmChart owning them is gone. */
	void collectGarbage(String namespace, String chart) {
		this.client.batch().v1().jobs().inNamespace(namespace).withLabel(CHART_LABEL, chart).delete();
		this.client.pods().inNamespace(namespace).withLabel(CHART_LABEL, chart).delete();
	}

	private Job status(Job job, int active, int succeeded, int failed, boolean complete, boolean failedFinally) {
		String ns = job.getMetadata().getNamespace();
		return this.client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).editStatus(j -> {
			var status = new JobBuilder(j).editOrNewStatus()
				.withActive(active)
				.withSucceeded(succeeded)
				.withFailed(failed)
				.withStartTime(j.getStatus() != null && j.getStatus().getStartTime() != null
						? j.getStatus().getStartTime() : now());
			if (complete) {
				status.withCompletionTime(now())
					.withConditions(
							condition("SuccessCriteriaMet", "CompletionsReached",
									"Reached expected number of succeeded pods"),
							condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods"));
			}
			if (failedFinally) {
				status.withConditions(
						condition("FailureTarget", "BackoffLimitExceeded",
								"Job has reached the specified backoff limit"),
						condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit"));
			}
			return status.endStatus().build();
		});
	}

	private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition condition(String type, String reason,
			String message) {
		return new JobConditionBuilder().withType(type)
			.withStatus("True")
			.withReason(reason)
			.withMessage(message)
			.withLastProbeTime(now())
			.withLastTransitionTime(now())
			.build();
	}

	private String suffix() {
		StringBuilder suffix = new StringBuilder();
		for (int i = 0; i < 5; i++) {
			suffix.append(SUFFIX_ALPHABET.charAt(this.suffixes.nextInt(SUFFIX_ALPHABET.length())));
		}
		return suffix.toString();
	}

	static String now() {
		return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
	}

}
