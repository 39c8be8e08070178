package org.homelab.rollout.rehearsal.kubernetes;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.homelab.rollout.rehearsal.kubernetes.LabFixtures.chart;

class KubernetesLabTests {

	private static final RequestJournal journal = new RequestJournal();

	private static KubernetesLab lab;

	private static KubernetesClient client;

	@BeforeAll
	static void start() {
		// latency 1.0: the helm-controller must not hold up any answer of the API server
		// meanwhile
		lab = new KubernetesLab(Latency.scaled(1.0), FaultInjector.none(), journal).start().startClusterNow();
		client = LabFixtures.productClient(lab);
	}

	@AfterAll
	static void stop() {
		client.close();
		lab.close();
	}

	@BeforeEach
	void reset() {
		lab.reset();
		journal.clear();
	}

	@Test
	void kubeconfigNamesTheServerItsCertificateAndABearerTokenAsK3sWritesIt() {
		assertThat(lab.kubeconfig()).contains("certificate-authority-data: ", "server: " + lab.url(), "token: ",
				"current-context: default");
		Config config = Config.fromKubeconfig(lab.kubeconfig());
		assertThat(config.isTrustCerts()).isFalse();
		assertThat(config.getCaCertData()).isNotBlank();
		assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.33.5+k3s1");
	}

	@Test
	void refusesAClientThatDoesNotTrustItsCertificate() {
		Config config = Config.fromKubeconfig(lab.kubeconfig());
		config.setCaCertData(null);
		config.setRequestRetryBackoffLimit(0);
		try (KubernetesClient untrusting = new KubernetesClientBuilder().withConfig(config).build()) {
			assertThatThrownBy(() -> untrusting.namespaces().list()).isInstanceOf(KubernetesClientException.class)
				.hasStackTraceContaining("PKIX");
		}
	}

	@Test
	void answersAWrongTokenWith401() {
		Config config = Config.fromKubeconfig(lab.kubeconfig());
		config.setOauthToken("not-the-token");
		try (KubernetesClient stranger = new KubernetesClientBuilder().withConfig(config).build()) {
			assertThatThrownBy(() -> stranger.nodes().list()).isInstanceOfSatisfying(KubernetesClientException.class,
					ex -> assertThat(ex.getCode()).isEqualTo(401));
		}
	}

	@Test
	void seedsThePlansNodesReadyWithTheGpuOnTheFirstWorker() {
		List<Node> nodes = client.nodes().list().getItems();
		assertThat(nodes).extracting(n -> n.getMetadata().getName())
			.containsExactlyInAnyOrder("k3s-cp-1", "k3s-w-1", "k3s-w-2");
		Node gpu = client.nodes().withName("k3s-w-1").get();
		assertThat(gpu.getStatus().getCapacity().get("nvidia.com/gpu").getAmount()).isEqualTo("1");
		assertThat(gpu.getStatus().getAllocatable().get("nvidia.com/gpu").getAmount()).isEqualTo("1");
		assertThat(gpu.getMetadata().getLabels()).containsEntry("nvidia.com/gpu.present", "true")
			.containsEntry("kubernetes.io/hostname", "k3s-w-1");
		assertThat(client.nodes().withName("k3s-cp-1").get().getMetadata().getLabels())
			.containsEntry("node-role.kubernetes.io/control-plane", "true")
			.containsEntry("node-role.kubernetes.io/master", "true");
		assertThat(nodes).allSatisfy(n -> {
			assertThat(n.getStatus().getConditions())
				.anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
			assertThat(n.getStatus().getAddresses()).anyMatch(a -> a.getType().equals("InternalIP"));
		});
		assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
			.contains("default", "kube-system");
	}

	@Test
	void letsClientsDiscoverTheContractCrdsEvenOnceObjectsExist() {
		client.resource(chart("first", Map.of("chart", "first"))).create();
		assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems())
			.extracting(c -> c.getMetadata().getName())
			.contains("helmcharts.helm.cattle.io", "clustersecretstores.external-secrets.io",
					"applications.argoproj.io");
		assertThat(client.getApiResources("helm.cattle.io/v1").getResources()).extracting(r -> r.getName())
			.contains("helmcharts", "helmcharts/status", "helmchartconfigs");
		assertThat(client.hasApiGroup("external-secrets.io", false)).isTrue();
		assertThat(client.genericKubernetesResources("helm.cattle.io/v1", "HelmChart")
			.inNamespace("kube-system")
			.list()
			.getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("first");
	}

	@Test
	void appliesServerSideByCreatingThenMerging() {
		GenericKubernetesResource applied = client.resource(chart("applied", Map.of("chart", "one"))).serverSideApply();
		assertThat(applied.getMetadata().getUid()).isNotBlank();
		client.resource(chart("applied", Map.of("chart", "two", "version", "1.0.0"))).serverSideApply();
		assertThat(LabFixtures.helmChart(client, "applied").get().<String>get("spec", "chart")).isEqualTo("two");
	}

	@Test
	void resetLeavesOnlyTheSeededCluster() {
		client.configMaps()
			.inNamespace("default")
			.resource(
					new ConfigMapBuilder().withNewMetadata().withName("left").endMetadata().addToData("k", "v").build())
			.create();
		client.resource(chart("left", Map.of("chart", "left"))).create();

		lab.reset();

		assertThat(client.configMaps().inNamespace("default").withName("left").get()).isNull();
		assertThat(LabFixtures.helmChart(client, "left").get()).isNull();
		assertThat(client.nodes().list().getItems()).hasSize(3);
		assertThat(client.apiextensions().v1().customResourceDefinitions().withName("helmcharts.helm.cattle.io").get())
			.isNotNull();
	}

	@Test
	void deletesWhatANamespaceHeldWithIt() {
		client.namespaces()
			.resource(new NamespaceBuilder().withNewMetadata().withName("scratch").endMetadata().build())
			.create();
		client.configMaps()
			.inNamespace("scratch")
			.resource(new ConfigMapBuilder().withNewMetadata().withName("cm").endMetadata().build())
			.create();
		client.configMaps()
			.inNamespace("default")
			.resource(new ConfigMapBuilder().withNewMetadata().withName("cm").endMetadata().build())
			.create();

		client.namespaces().withName("scratch").delete();

		assertThat(client.configMaps().inNamespace("scratch").withName("cm").get()).isNull();
		assertThat(client.configMaps().inNamespace("default").withName("cm").get()).isNotNull();
	}

	@Test
	void journalsTheProductsRequestsButNotTheHelmControllers() {
		Contract.CRDS.require("the journal's verdict on the product's Kubernetes requests is");
		client.resource(chart("journaled", Map.of("chart", "journaled"))).create();
		assertThat(journal.entries("kubernetes")).anySatisfy(e -> {
			assertThat(e.method()).isEqualTo("POST");
			assertThat(e.path()).isEqualTo("/apis/helm.cattle.io/v1/namespaces/kube-system/helmcharts");
			assertThat(e.status()).isEqualTo(201);
			assertThat(e.verdict()).isEqualTo("ok");
		});
		assertThat(journal.entries("kubernetes")).noneMatch(e -> e.path().contains("/jobs"));
	}

	@Test
	void answersTheLogOfAnUnknownPodWith404() {
		assertThatThrownBy(() -> client.pods().inNamespace("default").withName("nope").getLog())
			.isInstanceOfSatisfying(KubernetesClientException.class, ex -> assertThat(ex.getCode()).isEqualTo(404));
	}

}
