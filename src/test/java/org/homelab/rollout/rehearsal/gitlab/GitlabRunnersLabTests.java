package org.homelab.rollout.rehearsal.gitlab;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.homelab.rollout.gitlab.GitlabClients;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabRunner;
import org.homelab.rollout.gitlab.IssuedToken;
import org.homelab.rollout.gitlab.RunnerRequest;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The product's runners() client against the lab's GitLab (every request checked against
 * the contract), and the lab's coupling of K3s and GitLab: a gitlab-runner release whose
 * pods are Ready and whose Secret holds a runner's token brings that runner online on the
 * node its pod runs on; a revoked token or pods gone take it offline, GitLab keeping the
 * last contact.
 */
class GitlabRunnersLabTests {

	private static final ResourceDefinitionContext HELM_CHARTS = new ResourceDefinitionContext.Builder()
		.withGroup("helm.cattle.io")
		.withVersion("v1")
		.withKind("HelmChart")
		.withPlural("helmcharts")
		.withNamespaced(true)
		.build();

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	static Path dir;

	private static RehearsalLab lab;

	private static GitlabOperations gitlab;

	@BeforeAll
	static void installGitlab() {
		lab = Omnibus.lab(dir);
		lab.proxmox().seedRunningVm(Omnibus.VMID, "gitlab-ce", Omnibus.ADDRESS);
		GitlabVm vm = new GitlabVm(lab, Omnibus.VMID, Omnibus.ADDRESS);
		Omnibus.install(vm, Omnibus.GITLAB_RB);
		await().atMost(WAIT).until(() -> lab.gitlab().lab(Omnibus.VMID).orElseThrow().ready());
		String token = Omnibus.token(vm, "homelab-rollout", ":api", "30.days.from_now");
		gitlab = GitlabClients.create(new OkHttpClient(), HttpUrl.get("http://" + Omnibus.ADDRESS), null,
				Duration.ofSeconds(10), () -> token);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@Test
	void theClientFindsGetsAndDeletesRunnersAsGitlabAnswersThem() {
		Contract.GITLAB.require("the lab's check of GitLab requests against the contract is");
		IssuedToken gpu = gitlab.tokens()
			.createRunner(RunnerRequest.instance("client-gpu", List.of("gpu", "cuda"), false));
		gitlab.tokens().createRunner(RunnerRequest.instance("client-other", List.of("general"), false));

		GitlabRunner found = gitlab.runners().findInstanceRunner("client-gpu").orElseThrow();
		GitlabRunner details = gitlab.runners().get(gpu.id());

		assertThat(found.id()).isEqualTo(gpu.id());
		assertThat(found.runnerType()).isEqualTo("instance_type");
		assertThat(details.tags()).containsExactly("gpu", "cuda");
		assertThat(details.status()).isEqualTo("never_contacted");
		assertThat(details.online()).isFalse();
		assertThat(details.contactedAt()).isNull();
		assertThat(gitlab.runners().findInstanceRunner("client-absent")).isEmpty();

		IssuedToken noted = gitlab.runners()
			.create(RunnerRequest.instance("client-noted", List.of("gpu"), false), true, "created by run r1");
		assertThat(gitlab.runners().get(noted.id()).locked()).isTrue();
		assertThat(gitlab.runners().get(noted.id()).maintenanceNote()).isEqualTo("created by run r1");
		assertThat(details.locked()).isFalse();
		assertThat(details.maintenanceNote()).isNull();

		gitlab.runners().delete(gpu.id());
		assertThat(gitlab.runners().find(gpu.id())).isEmpty();
		assertThat(gitlab.runners().findInstanceRunner("client-gpu")).isEmpty();
		// gone already is a success
		gitlab.runners().delete(gpu.id());
		assertThat(lab.journal().violations()).isEmpty();
	}

	@Test
	void aReadyReleaseHoldingTheTokenBringsItsRunnerOnlineOnItsNodeUntilTheTokenIsRevoked() {
		IssuedToken runner = gitlab.tokens().createRunner(RunnerRequest.instance("lab-gpu", List.of("gpu"), false));
		KubernetesClient k3s = cluster();
		secret(k3s, "lab-gpu", runner.value());
		assertThat(gitlab.runners().get(runner.id()).status()).as("a Secret alone polls nothing")
			.isEqualTo("never_contacted");

		release(k3s, "lab-gpu", "k3s-w-1");

		await().atMost(WAIT).until(() -> gitlab.runners().get(runner.id()).online());
		GitlabRunner online = gitlab.runners().get(runner.id());
		assertThat(online.status()).isEqualTo("online");
		assertThat(online.contactedAt()).isNotNull();
		GitlabLab gitlabLab = lab.gitlab().lab(Omnibus.VMID).orElseThrow();
		assertThat(gitlabLab.runnerNodes()).containsEntry((int) runner.id(), "k3s-w-1");

		// GitLab resets the runner's token: the Secret's no longer works
		lab.faults().arm(FaultInjector.Rule.nth("gitlab", "runner-token", FaultInjector.Kind.HTTP_500, 1));
		await().atMost(WAIT).until(() -> "offline".equals(gitlab.runners().get(runner.id()).status()));
		assertThat(gitlabLab.runnerNodes()).doesNotContainKey((int) runner.id());
		assertThat(gitlab.runners().get(runner.id()).contactedAt()).as("the last contact stays").isNotNull();
		lab.faults().disarm();
	}

	@Test
	void aRunnerWhosePodsAreGoneGoesOffline() {
		IssuedToken runner = gitlab.tokens()
			.createRunner(RunnerRequest.instance("lab-general", List.of("general"), false));
		KubernetesClient k3s = cluster();
		secret(k3s, "lab-general", runner.value());
		release(k3s, "lab-general", "k3s-w-2");
		await().atMost(WAIT).until(() -> gitlab.runners().get(runner.id()).online());
		assertThat(lab.gitlab().lab(Omnibus.VMID).orElseThrow().runnerNodes()).containsEntry((int) runner.id(),
				"k3s-w-2");

		k3s.pods().inNamespace("gitlab-runner").withLabel("app.kubernetes.io/instance", "lab-general").delete();

		await().atMost(WAIT).until(() -> "offline".equals(gitlab.runners().get(runner.id()).status()));
		assertThat(lab.gitlab().lab(Omnibus.VMID).orElseThrow().runnerNodes()).doesNotContainKey((int) runner.id());
	}

	private static KubernetesClient cluster() {
		lab.kubernetes().startClusterNow();
		KubernetesClient client = lab.kubernetes().client();
		if (client.namespaces().withName("gitlab-runner").get() == null) {
			client.namespaces()
				.resource(new NamespaceBuilder().withNewMetadata().withName("gitlab-runner").endMetadata().build())
				.create();
		}
		return client;
	}

	/** The Secret the chart mounts, as External Secrets leaves it. */
	private static void secret(KubernetesClient k3s, String name, String token) {
		k3s.secrets()
			.inNamespace("gitlab-runner")
			.resource(new SecretBuilder().withNewMetadata()
				.withName(name)
				.withNamespace("gitlab-runner")
				.endMetadata()
				.withData(Map.of("runner-token",
						Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)),
						"runner-registration-token", ""))
				.build())
			.create();
	}

	private static void release(KubernetesClient k3s, String name, String node) {
		GenericKubernetesResource chart = new GenericKubernetesResourceBuilder().withApiVersion("helm.cattle.io/v1")
			.withKind("HelmChart")
			.withNewMetadata()
			.withName(name)
			.withNamespace("kube-system")
			.endMetadata()
			.addToAdditionalProperties("spec",
					Map.of("chart", "gitlab-runner", "repo", "https://charts.gitlab.io", "version", "0.86.0",
							"targetNamespace", "gitlab-runner", "valuesContent",
							"nodeSelector:\n  kubernetes.io/hostname: " + node + "\nrunners:\n  secret: " + name
									+ "\n"))
			.build();
		k3s.genericKubernetesResources(HELM_CHARTS).inNamespace("kube-system").resource(chart).create();
	}

}
