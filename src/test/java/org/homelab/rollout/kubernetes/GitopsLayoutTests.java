package org.homelab.rollout.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.homelab.rollout.gitlab.SeedFiles;
import org.homelab.rollout.sops.CommitScan;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The app-of-apps Phase 3 commits into {@code homelab/gitops} ({@code deploy/gitops/},
 * rendered for a domain): every manifest passes its contract (Application and AppProject
 * CRDs, core v1 for Namespace and ConfigMap), the root and its children are wired as Argo
 * CD will follow them (paths that exist, the project's sources, destinations and kinds
 * allowing exactly what the children deploy), and no plaintext secret is in it or in
 * {@code deploy/ansible/}.
 */
class GitopsLayoutTests {

	private static final String REPO = "https://gitlab.homelab.lan/homelab/gitops.git";

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	private static CrdContract applications;

	private static CrdContract appProjects;

	private static CoreContract core;

	private static Map<String, List<JsonNode>> manifests;

	@BeforeAll
	static void load() throws IOException {
		Contract.CRDS.require("the app-of-apps manifests passing the Argo CD CRDs and core v1 are");
		applications = CrdContract.load("argoproj.io_applications.yaml");
		appProjects = CrdContract.load("argoproj.io_appprojects.yaml");
		core = CoreContract.load();
		manifests = new LinkedHashMap<>();
		Map<String, byte[]> rendered = SeedFiles.render(SeedFiles.read(Path.of("deploy/gitops")),
				Map.of("dnsDomain", "homelab.lan"));
		for (Map.Entry<String, byte[]> file : rendered.entrySet()) {
			if (file.getKey().endsWith(".yaml")) {
				manifests.put(file.getKey(), documents(new String(file.getValue(), StandardCharsets.UTF_8)));
			}
		}
	}

	@Test
	void everyManifestPassesItsContract() {
		assertThat(manifests).containsKeys("bootstrap/root-app.yaml", "bootstrap/project-homelab.yaml",
				"bootstrap/project-root.yaml", "bootstrap/project-default.yaml", "apps/smoke.yaml",
				"smoke/namespace.yaml", "smoke/configmap.yaml");
		manifests.forEach((file, documents) -> documents.forEach(object -> {
			String kind = object.path("apiVersion").asText() + " " + object.path("kind").asText();
			List<String> problems = switch (kind) {
				case "argoproj.io/v1alpha1 Application" -> applications.problems(map(object));
				case "argoproj.io/v1alpha1 AppProject" -> appProjects.problems(map(object));
				default -> core.problems(object);
			};
			assertThat(problems).as(file + " (" + kind + ")").isEmpty();
		}));
	}

	@Test
	void theChecksCatchWhatArgoCdOrTheApiServerWouldRefuse() {
		JsonNode root = one("bootstrap/root-app.yaml").deepCopy();
		((com.fasterxml.jackson.databind.node.ObjectNode) root.path("spec").path("syncPolicy").path("automated"))
			.put("selfHeel", true);
		assertThat(applications.problems(map(root))).anyMatch(p -> p.contains("selfHeel"));
		JsonNode config = one("smoke/configmap.yaml").deepCopy();
		((com.fasterxml.jackson.databind.node.ObjectNode) config.path("data")).put("count", 3);
		((com.fasterxml.jackson.databind.node.ObjectNode) config).put("date", "typo");
		assertThat(core.problems(config)).anyMatch(p -> p.contains("data.count"))
			.anyMatch(p -> p.contains("date: unknown field"));
		assertThatThrownBy(() -> SeedFiles.render(Map.of("a.yaml", "x: ${dnsDomain}".getBytes()), Map.of()))
			.hasMessageContaining("${dnsDomain}")
			.hasMessageContaining("a.yaml");
	}

	@Test
	void theRootSyncsTheAppsOfTheGitopsRepositoryInItsOwnProjectHealingDrift() {
		JsonNode root = one("bootstrap/root-app.yaml");
		assertThat(root.path("metadata").path("namespace").asText()).isEqualTo("argocd");
		assertThat(root.path("spec").path("project").asText()).isEqualTo("root");
		assertThat(root.path("spec").path("source").path("repoURL").asText()).isEqualTo(REPO);
		assertThat(root.path("spec").path("source").path("path").asText()).isEqualTo("apps");
		assertThat(root.path("spec").path("syncPolicy").path("automated").path("prune").asBoolean()).isTrue();
		assertThat(root.path("spec").path("syncPolicy").path("automated").path("selfHeal").asBoolean()).isTrue();
		assertThat(manifests.values()
			.stream()
			.flatMap(List::stream)
			.map(m -> m.path("spec").path("source"))
			.filter(source -> source.has("repoURL"))).as("no manifest points elsewhere")
			.allSatisfy(source -> assertThat(source.path("repoURL").asText()).isEqualTo(REPO));
		assertThat(manifests.keySet().stream().filter(f -> f.startsWith("apps/"))).isNotEmpty()
			.allSatisfy(f -> assertThat(one(f).path("kind").asText()).isEqualTo("Application"));
	}

	@Test
	void theProjectAllowsExactlyWhatTheChildrenDeploy() {
		JsonNode project = one("bootstrap/project-homelab.yaml").path("spec");
		assertThat(project.path("sourceRepos")).extracting(JsonNode::asText).containsExactly(REPO);
		List<String> destinations = new ArrayList<>();
		project.path("destinations").forEach(d -> {
			assertThat(d.path("server").asText()).isEqualTo("https://kubernetes.default.svc");
			destinations.add(d.path("namespace").asText());
		});
		assertThat(destinations).doesNotContain("*", "kube-system", "default");
		assertThat(project.path("clusterResourceWhitelist")).singleElement()
			.satisfies(
					k -> assertThat(k.path("group").asText() + "/" + k.path("kind").asText()).isEqualTo("/Namespace"));
		Set<String> namespaced = new java.util.HashSet<>();
		project.path("namespaceResourceWhitelist")
			.forEach(k -> namespaced.add(k.path("group").asText() + "/" + k.path("kind").asText()));

		for (String file : manifests.keySet().stream().filter(f -> f.startsWith("apps/")).toList()) {
			JsonNode child = one(file).path("spec");
			assertThat(child.path("project").asText()).as(file).isEqualTo("homelab");
			assertThat(child.path("syncPolicy").path("automated").path("selfHeal").asBoolean()).as(file).isTrue();
			String namespace = child.path("destination").path("namespace").asText();
			assertThat(destinations).as(file + " deploys where the project allows").contains(namespace);
			String path = child.path("source").path("path").asText();
			List<String> files = manifests.keySet().stream().filter(f -> f.startsWith(path + "/")).toList();
			assertThat(files).as(file + " points at a folder of this layout").isNotEmpty();
			for (String deployed : files) {
				for (JsonNode object : manifests.get(deployed)) {
					String group = object.path("apiVersion").asText().contains("/")
							? object.path("apiVersion").asText().replaceFirst("/.*", "") : "";
					String kind = group + "/" + object.path("kind").asText();
					if (kind.equals("/Namespace")) {
						assertThat(object.path("metadata").path("name").asText()).isEqualTo(namespace);
						continue;
					}
					assertThat(namespaced).as(deployed + ": " + kind + " allowed by the project").contains(kind);
					assertThat(object.path("metadata").path("namespace").asText(namespace)).isEqualTo(namespace);
				}
			}
		}
		// a workload never reaches Argo CD's namespace (a ConfigMap there is its RBAC)
		assertThat(destinations).doesNotContain("argocd");
		assertThat(namespaced).doesNotContain("argoproj.io/Application");
	}

	@Test
	void theRootMayOnlyMakeApplicationsInArgoCdsNamespaceAndTheDefaultProjectAllowsNothing() {
		JsonNode root = one("bootstrap/project-root.yaml").path("spec");
		assertThat(root.path("sourceRepos")).extracting(JsonNode::asText).containsExactly(REPO);
		assertThat(root.path("destinations")).singleElement()
			.satisfies(d -> assertThat(d.path("namespace").asText()).isEqualTo("argocd"));
		assertThat(root.path("namespaceResourceWhitelist")).singleElement()
			.satisfies(k -> assertThat(k.path("group").asText() + "/" + k.path("kind").asText())
				.isEqualTo("argoproj.io/Application"));
		assertThat(root.path("clusterResourceWhitelist").isMissingNode()).isTrue();
		JsonNode fallback = one("bootstrap/project-default.yaml");
		assertThat(fallback.path("metadata").path("name").asText()).isEqualTo("default");
		for (String list : List.of("sourceRepos", "destinations", "clusterResourceWhitelist",
				"namespaceResourceWhitelist")) {
			assertThat(fallback.path("spec").path(list).isArray()).as(list).isTrue();
			assertThat(fallback.path("spec").path(list)).as(list).isEmpty();
		}
		assertThat(manifests.values().stream().flatMap(List::stream))
			.filteredOn(m -> m.path("kind").asText().equals("Application"))
			.allSatisfy(app -> assertThat(app.path("spec").path("project").asText()).isIn("root", "homelab"));
	}

	@Test
	void noPlaintextSecretIsInWhatTheEngineCommits() throws IOException {
		Map<String, String> files = new LinkedHashMap<>();
		for (String dir : List.of("deploy/gitops", "deploy/ansible", "deploy/gitlab")) {
			if (!Files.isDirectory(Path.of(dir))) {
				continue;
			}
			try (Stream<Path> all = Files.walk(Path.of(dir))) {
				for (Path file : all.filter(Files::isRegularFile).toList()) {
					files.put(file.toString(), Files.readString(file));
				}
			}
		}
		assertThat(files).containsKeys("deploy/gitops/bootstrap/root-app.yaml", "deploy/gitops/smoke/configmap.yaml");
		assertThat(new CommitScan().findings(files)).isEmpty();
	}

	/** The CRD check serializes through fabric8, which takes plain maps. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(JsonNode node) {
		return YAML.convertValue(node, Map.class);
	}

	private static JsonNode one(String file) {
		assertThat(manifests.get(file)).as(file).hasSize(1);
		return manifests.get(file).get(0);
	}

	private static List<JsonNode> documents(String text) throws IOException {
		List<JsonNode> documents = new ArrayList<>();
		try (YAMLParser parser = new YAMLFactory().createParser(text)) {
			var iterator = YAML.readValues(parser, JsonNode.class);
			while (iterator.hasNext()) {
				JsonNode document = iterator.next();
				if (document != null && !document.isNull() && !document.isMissingNode()) {
					documents.add(document);
				}
			}
		}
		return documents;
	}

}
