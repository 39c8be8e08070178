package org.homelab.rollout.rehearsal.gitlab;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.homelab.rollout.argocd.ArgoCdApiException;
import org.homelab.rollout.argocd.ArgoCdApplication;
import org.homelab.rollout.argocd.ArgoCdApplicationSpec;
import org.homelab.rollout.argocd.ArgoCdClients;
import org.homelab.rollout.argocd.ArgoCdOperations;
import org.homelab.rollout.gitlab.GitlabClients;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The whole lab's Argo CD reading the lab GitLab: the argo-cd chart installed on the lab
 * K3s, a {@code homelab/gitops} project in GitLab, its read-only deploy token registered
 * as Argo CD's repository, and an Application synced from GitLab's content into the
 * cluster; before the token is registered the Application shows Argo CD's
 * ComparisonError. Every request within its contract (GitLab's, Argo CD's, the
 * cluster's).
 */
class ArgoCdGitlabLabTests {

	static final String REPO = "https://gitlab.homelab.lan/homelab/gitops.git";

	@TempDir
	static Path dir;

	static RehearsalLab lab;

	static GitlabOperations gitlab;

	static GitlabVm vm;

	static String rootToken;

	@BeforeAll
	static void homelab() {
		lab = Omnibus.lab(dir);
		lab.proxmox().seedRunningVm(Omnibus.VMID, "gitlab-ce", Omnibus.ADDRESS);
		vm = new GitlabVm(lab, Omnibus.VMID, Omnibus.ADDRESS);
		Omnibus.install(vm, PipelineLabTests.GITLAB_RB);
		GitlabLab gitlabLab = lab.gitlab().lab(Omnibus.VMID).orElseThrow();
		await().atMost(Duration.ofSeconds(20)).until(gitlabLab::ready);
		rootToken = Omnibus.token(vm, "homelab-rollout", ":api", "30.days.from_now");
		gitlab = GitlabClients.create(new OkHttpClient(), HttpUrl.get("http://" + Omnibus.ADDRESS), null,
				Duration.ofSeconds(5), () -> rootToken);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@Test
	void anApplicationSyncsFromTheLabGitlabWithItsDeployToken() throws Exception {
		GitlabProject project = gitlab.projects()
			.findOrCreate(gitlab.groups().findOrCreate("homelab", "homelab").value(), "gitops", "gitops")
			.value();
		gitlab.repository()
			.seed(project.id(), "main",
					Map.of("apps/smoke/configmap.yaml",
							("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: smoke\ndata:\n  value: from gitlab\n")
								.getBytes(StandardCharsets.UTF_8)),
					"Seed gitops");
		GitlabVm.Http token = vm.call("POST", "/api/v4/projects/" + project.id() + "/deploy_tokens", rootToken,
				"{\"name\":\"argocd\",\"scopes\":[\"read_repository\"]}");
		assertThat(token.status()).isEqualTo(201);
		String username = token.json().path("username").asText();
		String deployToken = token.json().path("token").asText();

		KubernetesClient k3s = lab.kubernetes().client();
		k3s.resource(new GenericKubernetesResourceBuilder().withApiVersion("helm.cattle.io/v1")
			.withKind("HelmChart")
			.withNewMetadata()
			.withName("argocd")
			.withNamespace("kube-system")
			.endMetadata()
			.addToAdditionalProperties("spec",
					Map.of("chart", "argo-cd", "repo", "https://argoproj.github.io/argo-helm", "version", "10.1.1",
							"targetNamespace", "argocd", "createNamespace", true, "valuesContent",
							"server:\n  service:\n    type: NodePort\n"))
			.build()).create();
		await().atMost(Duration.ofSeconds(30)).until(() -> lab.argocd().url().isPresent());
		String password = new String(Base64.getDecoder()
			.decode(k3s.secrets()
				.inNamespace("argocd")
				.withName("argocd-initial-admin-secret")
				.get()
				.getData()
				.get("password")), StandardCharsets.UTF_8);
		Path ca = Files.writeString(dir.resolve("argocd-ca.pem"), lab.argocd().caPem());
		ArgoCdOperations argocd = ArgoCdClients.create(new OkHttpClient(), HttpUrl.get(lab.argocd().url().get()), ca,
				Duration.ofSeconds(5), "admin", "argocd", () -> password);

		// as a resource, before any repository is registered: GitLab refuses the clone
		k3s.resource(new GenericKubernetesResourceBuilder().withApiVersion("argoproj.io/v1alpha1")
			.withKind("Application")
			.withNewMetadata()
			.withName("smoke")
			.withNamespace("argocd")
			.endMetadata()
			.addToAdditionalProperties("spec",
					Map.of("project", "default", "source",
							Map.of("repoURL", REPO, "path", "apps/smoke", "targetRevision", "HEAD"), "destination",
							Map.of("server", ArgoCdApplicationSpec.IN_CLUSTER, "namespace", "smoke"), "syncPolicy",
							Map.of("automated", Map.of("prune", true, "selfHeal", true), "syncOptions",
									List.of("CreateNamespace=true"))))
			.build()).create();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> argocd.applications()
				.get("smoke")
				.map(a -> a.conditions().stream().anyMatch(c -> c.type().equals("ComparisonError")))
				.orElse(false));
		assertThat(argocd.applications().get("smoke").orElseThrow().conditions()).singleElement()
			.satisfies(c -> assertThat(c.message()).contains("authentication required: HTTP Basic: Access denied"));

		ArgoCdApiException refused = catchThrowableOfType(ArgoCdApiException.class,
				() -> argocd.repositories().create(REPO, "gitops", username, () -> "gldt-not-it", false));
		assertThat(refused.status()).isEqualTo(400);
		argocd.repositories().create(REPO, "gitops", username, () -> deployToken, false);
		argocd.applications().refresh("smoke", false);
		await().atMost(Duration.ofSeconds(15)).until(() -> {
			ArgoCdApplication smoke = argocd.applications().get("smoke").orElseThrow();
			return smoke.synced() && smoke.healthy();
		});
		ConfigMap synced = k3s.configMaps().inNamespace("smoke").withName("smoke").get();
		assertThat(synced.getData()).containsEntry("value", "from gitlab");
		assertThat(lab.journal().violations()).isEmpty();
		assertThat(lab.journal().entries("argocd")).isNotEmpty();
	}

}
