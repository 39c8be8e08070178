package org.homelab.rollout.argocd.steps;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.homelab.rollout.gitlab.SeedFiles;
import org.homelab.rollout.inventory.Inventory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The app-of-apps layout of {@code deploy/gitops/} (docs/gitops.md) rendered for this
 * homelab: what is committed into {@code homelab/gitops}, the bootstrap objects the
 * engine applies itself, and the names of the Applications Argo CD makes from
 * {@code apps/}.
 */
@Component
class GitopsLayout {

	static final String BRANCH = "main";

	static final String ROOT = "root";

	static final String SMOKE_NAMESPACE = "gitops-smoke";

	static final String SMOKE_CONFIG_MAP = "smoke-settings";

	static final String SMOKE_FILE = "smoke/configmap.yaml";

	private final Path dir;

	private final Inventory inventory;

	GitopsLayout(@Value("${rollout.argocd.gitops-dir:./deploy/gitops}") Path dir, Inventory inventory) {
		this.dir = dir;
		this.inventory = inventory;
	}

	/** Path in the repository to rendered content. */
	Map<String, byte[]> files() {
		return SeedFiles.render(SeedFiles.read(this.dir), Map.of("dnsDomain", this.inventory.network().dnsDomain()));
	}

	/**
	 * The bootstrap objects in the order they are applied: the AppProjects, then the root
	 * Application.
	 */
	List<GenericKubernetesResource> bootstrap() {
		List<GenericKubernetesResource> objects = new ArrayList<>();
		files().forEach((path, content) -> {
			if (path.startsWith("bootstrap/") && path.endsWith(".yaml")) {
				objects.add(parse(content));
			}
		});
		objects.sort((a, b) -> Boolean.compare(isApplication(a), isApplication(b)));
		return objects;
	}

	/** The AppProjects among the bootstrap objects. */
	List<GenericKubernetesResource> projects() {
		return bootstrap().stream().filter(o -> !isApplication(o)).toList();
	}

	GenericKubernetesResource root() {
		return bootstrap().stream().filter(GitopsLayout::isApplication).findFirst().orElseThrow();
	}

	/** The children: the Applications under {@code apps/}. */
	List<String> children() {
		List<String> names = new ArrayList<>();
		files().forEach((path, content) -> {
			if (path.startsWith("apps/") && path.endsWith(".yaml")) {
				names.add(parse(content).getMetadata().getName());
			}
		});
		return names;
	}

	static boolean isApplication(GenericKubernetesResource object) {
		return "Application".equals(object.getKind());
	}

	private static GenericKubernetesResource parse(byte[] content) {
		return Serialization.unmarshal(new String(content, StandardCharsets.UTF_8), GenericKubernetesResource.class);
	}

}
