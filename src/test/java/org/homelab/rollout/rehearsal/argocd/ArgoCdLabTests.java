package org.homelab.rollout.rehearsal.argocd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.homelab.rollout.argocd.ArgoCdApiException;
import org.homelab.rollout.argocd.ArgoCdApplication;
import org.homelab.rollout.argocd.ArgoCdApplicationSpec;
import org.homelab.rollout.argocd.ArgoCdClients;
import org.homelab.rollout.argocd.ArgoCdException;
import org.homelab.rollout.argocd.ArgoCdOperations;
import org.homelab.rollout.argocd.ArgoCdProject;
import org.homelab.rollout.argocd.ArgoCdRepository;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.LabNetwork;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.kubernetes.KubernetesLab;
import org.homelab.rollout.rehearsal.kubernetes.KubernetesLabSettings;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The lab's Argo CD driven by the real client: installed by the argo-cd chart on the lab
 * K3s (its initial admin secret, its API at the server Service's node port, TLS checked
 * against the lab's CA), Applications reconciled from Git into the cluster (sync, health,
 * app-of-apps, self-heal, out-of-sync without automation, ComparisonError for an
 * unregistered repository), fault rules, the metrics through the service proxy, and every
 * request within the Argo CD contract.
 */
class ArgoCdLabTests {

	static final String REPO = "https://gitlab.homelab.lan/homelab/gitops.git";

	static final String DEPLOY_TOKEN = "gldt-" + UUID.randomUUID();

	static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	static Path dir;

	static RequestJournal journal = new RequestJournal();

	static FaultInjector faults = FaultInjector.none();

	static KubernetesLab kubernetes;

	static ArgoCdLab argocd;

	static TestGit git = new TestGit(DEPLOY_TOKEN);

	static KubernetesClient admin;

	static ArgoCdOperations client;

	static String url;

	static Path caFile;

	static String initialPassword;

	@BeforeAll
	static void install() throws Exception {
		LabNetwork.claim(ArgoCdLabTests.class);
		Latency latency = Latency.scaled(0.01);
		kubernetes = new KubernetesLab(KubernetesLabSettings.defaults(), latency, faults, journal, Contracts.locate())
			.start()
			.startClusterNow();
		argocd = new ArgoCdLab(kubernetes, git, Contracts.locate(), faults, journal, latency,
				List.of("127.0.10.30", "127.0.10.31", "127.0.10.32"));
		kubernetes.serve(argocd.podServer());
		argocd.start();
		admin = kubernetes.client();
		admin.resource(chart()).create();
		await().atMost(Duration.ofSeconds(30)).until(() -> argocd.url().isPresent());
		url = argocd.url().orElseThrow();
		caFile = Files.writeString(dir.resolve("argocd-ca.pem"), argocd.caPem());
		initialPassword = new String(Base64.getDecoder()
			.decode(admin.secrets()
				.inNamespace("argocd")
				.withName("argocd-initial-admin-secret")
				.get()
				.getData()
				.get("password")));
		client = ArgoCdClients.create(new OkHttpClient(), HttpUrl.get(url), caFile, Duration.ofSeconds(5), "admin",
				"argocd", () -> initialPassword);
		git.commit(REPO,
				Map.of("apps/smoke/configmap.yaml", configMap("smoke", "smoke", "hello"), "apps/manual/configmap.yaml",
						configMap("manual", "manual", "one"), "apps/root/smoke.yaml",
						child("child-smoke", "apps/child"), "apps/child/configmap.yaml",
						configMap("child", "child", "from the child")));
	}

	@AfterAll
	static void close() {
		argocd.close();
		kubernetes.close();
	}

	@AfterEach
	void disarm() {
		faults.disarm();
		// the client's requests and the cluster's: all within their contracts
		assertThat(journal.violations()).isEmpty();
	}

	@Test
	void theChartsInitialSecretLogsInAndOneSessionServesManyCalls() throws Exception {
		assertThat(url).isEqualTo("https://127.0.10.30:30443");
		client.login();
		ArgoCdOperations wrong = ArgoCdClients.create(new OkHttpClient(), HttpUrl.get(url), caFile,
				Duration.ofSeconds(5), "admin", "argocd", () -> "not-the-password");
		ArgoCdApiException refused = catchThrowableOfType(ArgoCdApiException.class, wrong::login);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.isTransient()).isFalse();
		assertThat(refused.getMessage()).contains("Invalid username or password", "POST /api/v1/session", "Vault")
			.doesNotContain("not-the-password");
		// one session serves many calls
		int logins = sessions();
		client.projects().get("default").orElseThrow();
		client.applications().list(null);
		assertThat(sessions()).isEqualTo(logins);
	}

	@Test
	void everyRequestOfTheClientIsCheckedAgainstTheContract() {
		Contract.ARGOCD.require("the Argo CD request checks are");
		// anonymous, beside /api/v1: what argocd-install's first look asks
		assertThat(ArgoCdClients
			.create(new OkHttpClient(), HttpUrl.get(url), caFile, Duration.ofSeconds(5), "admin", "argocd", () -> null)
			.version()).startsWith("v3.");
		client.login();
		client.applications().list(null);
		client.repositories().get("https://gitlab.homelab.lan/nobody/none.git");
		assertThat(journal.entries("argocd")).isNotEmpty().allSatisfy(e -> assertThat(e.verdict()).isEqualTo("ok"));
		assertThat(journal.entries("argocd")).anyMatch(e -> e.path().equals("/api/version") && e.status() == 200);
	}

	@Test
	void errorsAreRuntimeErrorsAndTlsIsCheckedAgainstTheCa() throws Exception {
		client.login();
		String token = loginToken(initialPassword);
		OkHttpClient raw = trusting();
		try (Response response = raw
			.newCall(new Request.Builder().url(url + "/api/v1/applications/missing")
				.header("Authorization", "Bearer " + token)
				.build())
			.execute()) {
			JsonNode body = JSON.readTree(response.body().string());
			assertThat(response.code()).isEqualTo(404);
			assertThat(body.path("code").asInt()).isEqualTo(5);
			assertThat(body.path("message").asText()).isEqualTo("applications.argoproj.io \"missing\" not found");
			assertThat(body.path("error").asText()).isEqualTo(body.path("message").asText());
			assertThat(body.path("details").isArray()).isTrue();
		}
		try (Response response = raw.newCall(new Request.Builder().url(url + "/api/v1/applications").build())
			.execute()) {
			assertThat(response.code()).isEqualTo(401);
			assertThat(JSON.readTree(response.body().string()).path("code").asInt()).isEqualTo(16);
		}
		assertThat(client.applications().get("missing")).isEmpty();
		ArgoCdOperations untrusted = ArgoCdClients.create(new OkHttpClient(), HttpUrl.get(url), null,
				Duration.ofSeconds(5), "admin", "argocd", () -> initialPassword);
		ArgoCdException tls = catchThrowableOfType(ArgoCdException.class, untrusted::login);
		assertThat(tls.isTransient()).isFalse();
		assertThat(tls.getMessage()).contains("TLS to Argo CD failed", "rollout.argocd.ca-file");
	}

	@Test
	void anUnregisteredRepositoryIsAComparisonErrorUntilItsDeployTokenIsRegistered() {
		String repo = "https://gitlab.homelab.lan/homelab/private.git";
		git.commit(repo, Map.of("app/cm.yaml", configMap("private", "private", "secret-free")));
		// made as a resource (kubectl, app-of-apps): the API would refuse it
		admin.resource(application("private", repo, "app", true, "private")).create();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> client.applications()
				.get("private")
				.map(a -> a.conditions().stream().anyMatch(c -> c.type().equals("ComparisonError")))
				.orElse(false));
		ArgoCdApplication failing = client.applications().get("private").orElseThrow();
		assertThat(failing.conditions()).singleElement()
			.satisfies(c -> assertThat(c.message())
				.startsWith("Failed to load target state: failed to generate"
						+ " manifest for source 1 of 1: rpc error: code = Unknown desc = failed to list refs:")
				.contains("authentication required"));
		assertThat(failing.syncStatus()).isEqualTo("Unknown");
		// through the API the same Application is refused at once
		ArgoCdApiException invalid = catchThrowableOfType(ArgoCdApiException.class,
				() -> client.applications()
					.create(new ArgoCdApplicationSpec("private-api", "default", repo, "app", "HEAD", null, "private",
							true, true, true), false));
		assertThat(invalid.code()).isEqualTo(3);
		assertThat(invalid.said()).contains("repository not accessible");

		ArgoCdApiException wrongToken = catchThrowableOfType(ArgoCdApiException.class,
				() -> client.repositories().create(repo, "private", TestGit.USERNAME, () -> "gldt-wrong", false));
		assertThat(wrongToken.status()).isEqualTo(400);
		assertThat(wrongToken.getMessage()).doesNotContain("gldt-wrong");
		ArgoCdRepository registered = client.repositories()
			.create(repo, "private", TestGit.USERNAME, () -> DEPLOY_TOKEN, false);
		assertThat(registered.username()).isEqualTo(TestGit.USERNAME);
		assertThat(client.repositories().get(repo))
			.hasValueSatisfying(r -> assertThat(r.connectionStatus()).isEqualTo("Successful"));
		// stored as Argo CD stores it: a labelled Secret
		assertThat(admin.secrets()
			.inNamespace("argocd")
			.withLabel("argocd.argoproj.io/secret-type", "repository")
			.list()
			.getItems()).isNotEmpty();
		client.applications().refresh("private", false);
		awaitSyncedAndHealthy("private");
		assertThat(configMapValue("private", "private")).isEqualTo("secret-free");

		assertThat(client.applications().delete("private", true)).isTrue();
		assertThat(admin.configMaps().inNamespace("private").withName("private").get()).isNull();
		assertThat(client.applications().get("private")).isEmpty();
		assertThat(client.repositories().delete(repo)).isTrue();
		assertThat(client.repositories().get(repo)).isEmpty();
		assertThat(client.repositories().delete(repo)).isFalse();
	}

	@Test
	void anAutomatedApplicationSyncsGitAndHealsWhatIsChangedByHand() {
		registerGitops();
		ArgoCdProject project = client.projects()
			.create(new ArgoCdProject("homelab", "the homelab's GitOps", List.of(REPO),
					List.of(new ArgoCdProject.Destination("https://kubernetes.default.svc", "*")), true), false);
		assertThat(project.sourceRepos()).containsExactly(REPO);
		// the same again is adopted; another spec needs upsert
		client.projects().create(project, false);
		ArgoCdApiException different = catchThrowableOfType(ArgoCdApiException.class, () -> client.projects()
			.create(new ArgoCdProject("homelab", "changed", List.of(REPO), project.destinations(), true), false));
		assertThat(different.said()).contains("use upsert flag");
		ArgoCdApplicationSpec spec = new ArgoCdApplicationSpec("smoke", "homelab", REPO, "apps/smoke", "HEAD", null,
				"smoke", true, true, true);
		client.applications().create(spec, false);
		awaitSyncedAndHealthy("smoke");
		assertThat(configMapValue("smoke", "smoke")).isEqualTo("hello");
		ArgoCdApplication smoke = client.applications().get("smoke").orElseThrow();
		assertThat(smoke.operationPhase()).isEqualTo("Succeeded");
		assertThat(smoke.selfHeal()).isTrue();

		// a commit is synced
		git.commit(REPO, Map.of("apps/smoke/configmap.yaml", configMap("smoke", "smoke", "changed in git")));
		client.applications().refresh("smoke", false);
		await().atMost(Duration.ofSeconds(10)).until(() -> "changed in git".equals(configMapValue("smoke", "smoke")));

		// deleted by hand: restored
		admin.configMaps().inNamespace("smoke").withName("smoke").delete();
		await().atMost(Duration.ofSeconds(10)).until(() -> configMapValue("smoke", "smoke") != null);
		// changed by hand: restored
		ConfigMap live = admin.configMaps().inNamespace("smoke").withName("smoke").get();
		live.getData().put("value", "by hand");
		admin.configMaps().inNamespace("smoke").resource(live).update();
		await().atMost(Duration.ofSeconds(10)).until(() -> "changed in git".equals(configMapValue("smoke", "smoke")));
		awaitSyncedAndHealthy("smoke");

		// the metrics, as Prometheus scrapes them through the service proxy
		String metrics = admin
			.raw("/api/v1/namespaces/argocd/services/argocd-application-controller-metrics:http-metrics/proxy/metrics");
		assertThat(metrics).contains("# TYPE argocd_app_info gauge")
			.containsPattern(
					"argocd_app_info\\{[^}]*health_status=\"Healthy\"[^}]*name=\"smoke\"[^}]*project=\"homelab\""
							+ "[^}]*sync_status=\"Synced\"[^}]*} 1")
			.containsPattern("argocd_app_sync_total\\{[^}]*name=\"smoke\"[^}]*phase=\"Succeeded\"[^}]*} \\d+");

		ArgoCdApiException inUse = catchThrowableOfType(ArgoCdApiException.class,
				() -> client.projects().delete("homelab"));
		assertThat(inUse.code()).isEqualTo(9);
		assertThat(inUse.getMessage()).contains("remove what depends on it first");
		client.applications().delete("smoke", true);
		assertThat(client.projects().delete("homelab")).isTrue();
		assertThat(client.projects().get("homelab")).isEmpty();
	}

	@Test
	void withoutAutomatedSyncItReportsOutOfSyncUntilSynced() {
		registerGitops();
		client.applications()
			.create(new ArgoCdApplicationSpec("manual", "default", REPO, "apps/manual", "HEAD", null, "manual", false,
					false, false), false);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "OutOfSync".equals(client.applications().get("manual").orElseThrow().syncStatus()));
		ArgoCdApplication outOfSync = client.applications().get("manual").orElseThrow();
		assertThat(outOfSync.healthStatus()).isEqualTo("Missing");
		assertThat(configMapValue("manual", "manual")).isNull();
		// the same create again answers it; another spec without upsert is refused
		client.applications()
			.create(new ArgoCdApplicationSpec("manual", "default", REPO, "apps/manual", "HEAD", null, "manual", false,
					false, false), false);
		ArgoCdApiException different = catchThrowableOfType(ArgoCdApiException.class,
				() -> client.applications()
					.create(new ArgoCdApplicationSpec("manual", "default", REPO, "apps/manual", "main", null, "manual",
							false, false, false), false));
		assertThat(different.said()).contains("use upsert flag");

		admin.namespaces()
			.resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
				.withName("manual")
				.endMetadata()
				.build())
			.createOr(existing -> existing.update());
		client.applications().sync("manual", null, false);
		awaitSyncedAndHealthy("manual");
		assertThat(configMapValue("manual", "manual")).isEqualTo("one");
		// a change by hand stays: no self-heal
		ConfigMap live = admin.configMaps().inNamespace("manual").withName("manual").get();
		live.getData().put("value", "by hand");
		admin.configMaps().inNamespace("manual").resource(live).update();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "OutOfSync".equals(client.applications().get("manual").orElseThrow().syncStatus()));
		assertThat(configMapValue("manual", "manual")).isEqualTo("by hand");
		client.applications().delete("manual", true);
	}

	@Test
	void anAppOfAppsRootCreatesItsChildApplications() {
		registerGitops();
		client.applications()
			.create(new ArgoCdApplicationSpec("root", "default", REPO, "apps/root", "HEAD", null, "argocd", true, true,
					true), false);
		awaitSyncedAndHealthy("root");
		await().atMost(Duration.ofSeconds(10)).until(() -> client.applications().get("child-smoke").isPresent());
		awaitSyncedAndHealthy("child-smoke");
		assertThat(configMapValue("child", "child")).isEqualTo("from the child");
		// the root's cascade takes the child (it carries the resources finalizer) and
		// its resources
		client.applications().delete("root", true);
		assertThat(client.applications().get("child-smoke")).isEmpty();
		assertThat(configMapValue("child", "child")).isNull();
	}

	@Test
	void faultRulesFailASyncAndMakeTheRepositoryUnreachable() {
		registerGitops();
		faults.arm(FaultInjector.Rule.nth("argocd", "sync", FaultInjector.Kind.TASK_ERROR, 1));
		client.applications()
			.create(new ArgoCdApplicationSpec("faulty", "default", REPO, "apps/manual", "HEAD", null, "faulty", false,
					false, false), false);
		client.applications().sync("faulty", null, false);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "Failed".equals(client.applications().get("faulty").orElseThrow().operationPhase()));
		ArgoCdApplication failed = client.applications().get("faulty").orElseThrow();
		assertThat(failed.operationMessage()).startsWith("one or more objects failed to apply");
		assertThat(failed.syncStatus()).isEqualTo("OutOfSync");

		faults.arm(FaultInjector.Rule.rate("argocd", "repository", FaultInjector.Kind.TIMEOUT, 1.0));
		ArgoCdApplication unreachable = client.applications().refresh("faulty", true);
		assertThat(unreachable.conditions()).singleElement()
			.satisfies(c -> assertThat(c.message()).contains("failed to list refs", "i/o timeout"));
		faults.disarm();
		client.applications().delete("faulty", true);
	}

	@Test
	void theAdminPasswordChangesAndEndsEarlierSessions() throws Exception {
		String old = loginToken(initialPassword);
		String next = "changed-" + UUID.randomUUID().toString().substring(0, 8);
		Thread.sleep(1100); // Argo CD compares whole seconds
		client.updatePassword(() -> initialPassword, () -> next);
		try {
			ArgoCdOperations oldPassword = ArgoCdClients.create(new OkHttpClient(), HttpUrl.get(url), caFile,
					Duration.ofSeconds(5), "admin", "argocd", () -> initialPassword);
			assertThat(catchThrowableOfType(ArgoCdApiException.class, oldPassword::login).status()).isEqualTo(401);
			try (Response response = trusting()
				.newCall(new Request.Builder().url(url + "/api/v1/applications")
					.header("Authorization", "Bearer " + old)
					.build())
				.execute()) {
				assertThat(response.code()).isEqualTo(401);
				assertThat(response.body().string()).contains("invalid session");
			}
			ArgoCdOperations newPassword = ArgoCdClients.create(new OkHttpClient(), HttpUrl.get(url), caFile,
					Duration.ofSeconds(5), "admin", "argocd", () -> next);
			newPassword.login();
			// a client whose session the change ended logs in again once, with what
			// its source says now
			java.util.concurrent.atomic.AtomicReference<String> vault = new java.util.concurrent.atomic.AtomicReference<>(
					next);
			ArgoCdOperations rotating = ArgoCdClients.create(new OkHttpClient(), HttpUrl.get(url), caFile,
					Duration.ofSeconds(5), "admin", "argocd", vault::get);
			rotating.applications().list(null);
			int logins = sessions();
			Thread.sleep(1100);
			newPassword.updatePassword(() -> next, () -> next + "-2");
			vault.set(next + "-2");
			rotating.applications().list(null);
			assertThat(sessions()).isEqualTo(logins + 1);
			Thread.sleep(1100);
			rotating.updatePassword(() -> next + "-2", () -> next);
			// the initial secret still holds the old one, as Argo CD leaves it
			assertThat(admin.secrets().inNamespace("argocd").withName("argocd-initial-admin-secret").get()).isNotNull();
		}
		finally {
			Thread.sleep(1100);
			ArgoCdClients
				.create(new OkHttpClient(), HttpUrl.get(url), caFile, Duration.ofSeconds(5), "admin", "argocd",
						() -> next)
				.updatePassword(() -> next, () -> initialPassword);
		}
	}

	private static void registerGitops() {
		client.repositories().create(REPO, "gitops", TestGit.USERNAME, () -> DEPLOY_TOKEN, true);
	}

	private static void awaitSyncedAndHealthy(String name) {
		await().atMost(Duration.ofSeconds(15)).until(() -> client.applications().get(name).map(a -> {
			return a.synced() && a.healthy() && !"Running".equals(a.operationPhase());
		}).orElse(false));
	}

	private static String configMapValue(String ns, String name) {
		ConfigMap map = admin.configMaps().inNamespace(ns).withName(name).get();
		return (map != null && map.getData() != null) ? map.getData().get("value") : null;
	}

	private static int sessions() {
		return (int) journal.entries("argocd").stream().filter(e -> e.path().equals("/api/v1/session")).count();
	}

	private static String loginToken(String password) throws Exception {
		try (Response response = trusting()
			.newCall(new Request.Builder().url(url + "/api/v1/session")
				.post(okhttp3.RequestBody.create(
						JSON.writeValueAsString(Map.of("username", "admin", "password", password)),
						okhttp3.MediaType.get("application/json")))
				.build())
			.execute()) {
			return JSON.readTree(response.body().string()).path("token").asText();
		}
	}

	private static OkHttpClient trusting() {
		okhttp3.tls.HandshakeCertificates trust = new okhttp3.tls.HandshakeCertificates.Builder()
			.addTrustedCertificate(okhttp3.tls.Certificates.decodeCertificatePem(argocd.caPem()))
			.build();
		return new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager()).build();
	}

	static GenericKubernetesResource chart() {
		return new GenericKubernetesResourceBuilder().withApiVersion("helm.cattle.io/v1")
			.withKind("HelmChart")
			.withNewMetadata()
			.withName("argocd")
			.withNamespace("kube-system")
			.endMetadata()
			.addToAdditionalProperties("spec",
					Map.of("chart", "argo-cd", "repo", "https://argoproj.github.io/argo-helm", "version", "10.1.1",
							"targetNamespace", "argocd", "createNamespace", true, "valuesContent",
							"server:\n  service:\n    type: NodePort\ncontroller:\n  metrics:\n    enabled: true\n"))
			.build();
	}

	static String configMap(String ns, String name, String value) {
		return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + ns
				+ "\ndata:\n  value: " + value + "\n";
	}

	static String child(String name, String path) {
		return "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: " + name
				+ "\n  namespace: argocd\n  finalizers:\n    - resources-finalizer.argocd.argoproj.io\nspec:\n"
				+ "  project: default\n  source:\n    repoURL: " + REPO + "\n    path: " + path
				+ "\n    targetRevision: HEAD\n  destination:\n    server: https://kubernetes.default.svc\n"
				+ "    namespace: child\n  syncPolicy:\n    automated:\n      prune: true\n      selfHeal: true\n"
				+ "    syncOptions:\n      - CreateNamespace=true\n";
	}

	static GenericKubernetesResource application(String name, String repo, String path, boolean automated,
			String namespace) {
		Map<String, Object> spec = new java.util.LinkedHashMap<>();
		spec.put("project", "default");
		spec.put("source", Map.of("repoURL", repo, "path", path, "targetRevision", "HEAD"));
		spec.put("destination", Map.of("server", "https://kubernetes.default.svc", "namespace", namespace));
		if (automated) {
			spec.put("syncPolicy", Map.of("automated", Map.of("prune", true, "selfHeal", true), "syncOptions",
					List.of("CreateNamespace=true")));
		}
		return new GenericKubernetesResourceBuilder().withApiVersion("argoproj.io/v1alpha1")
			.withKind("Application")
			.withNewMetadata()
			.withName(name)
			.withNamespace("argocd")
			.endMetadata()
			.addToAdditionalProperties("spec", spec)
			.build();
	}

}
