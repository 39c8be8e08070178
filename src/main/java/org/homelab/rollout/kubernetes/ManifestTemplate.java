package org.homelab.rollout.kubernetes;

import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.homelab.rollout.kubernetes.KubernetesResponses.call;

/**
 * {@link ManifestOperations}: get, then create, or update with the stored resourceVersion
 * (409 on a race).
 */
class ManifestTemplate implements ManifestOperations {

	private final ClusterConnection connection;

	ManifestTemplate(ClusterConnection connection) {
		this.connection = connection;
	}

	@Override
	public Applied apply(HasMetadata manifest) {
		if (manifest instanceof Secret secret && ((secret.getData() != null && !secret.getData().isEmpty())
				|| (secret.getStringData() != null && !secret.getStringData().isEmpty()))) {
			throw new IllegalArgumentException("Secret " + describe(manifest) + " carries data: secret values reach the"
					+ " cluster through Vault and the External Secrets Operator, never through the rollout");
		}
		var resource = this.connection.client().resource(manifest);
		HasMetadata existing = call("GET " + describe(manifest), resource::get);
		if (existing == null) {
			call("POST " + describe(manifest), resource::create);
			return Applied.CREATED;
		}
		if (content(existing, manifest.getMetadata()).equals(content(manifest, manifest.getMetadata()))) {
			return Applied.UNCHANGED;
		}
		manifest.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
		call("PUT " + describe(manifest), () -> this.connection.client().resource(manifest).update());
		return Applied.UPDATED;
	}

	@Override
	public <T extends HasMetadata> T find(T manifest) {
		return call("GET " + describe(manifest), () -> this.connection.client().resource(manifest).get());
	}

	@Override
	public boolean delete(HasMetadata manifest) {
		return !call("DELETE " + describe(manifest), () -> this.connection.client().resource(manifest).delete())
			.isEmpty();
	}

	/**
	 * What the rollout owns of an object: all but status and metadata, plus the labels
	 * and annotations it sets (servers and controllers add their own, e.g.
	 * kubernetes.io/metadata.name, which are no difference).
	 */
	private static JsonNode content(HasMetadata object, ObjectMeta wanted) {
		ObjectNode tree = (ObjectNode) Serialization.jsonMapper().valueToTree(object);
		tree.remove("status");
		ObjectMeta meta = object.getMetadata();
		ObjectNode metadata = tree.putObject("metadata");
		metadata.set("labels", Serialization.jsonMapper().valueToTree(only(meta.getLabels(), wanted.getLabels())));
		metadata.set("annotations",
				Serialization.jsonMapper().valueToTree(only(meta.getAnnotations(), wanted.getAnnotations())));
		// through text, so number types read from the server compare equal to those built
		// here
		return Serialization.jsonMapper().readTree(tree.toString());
	}

	private static Map<String, String> only(Map<String, String> entries, Map<String, String> keys) {
		Map<String, String> kept = new TreeMap<>();
		if (entries != null && keys != null) {
			keys.keySet().stream().filter(entries::containsKey).forEach(k -> kept.put(k, entries.get(k)));
		}
		return kept;
	}

	private static String describe(HasMetadata object) {
		String ns = object.getMetadata().getNamespace();
		return object.getKind() + " " + ((ns == null) ? "" : ns + "/") + object.getMetadata().getName();
	}

}
