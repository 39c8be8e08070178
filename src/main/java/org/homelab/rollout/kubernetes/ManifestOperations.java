package org.homelab.rollout.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Plain manifests (Namespaces, ConfigMaps, Secrets that carry no secret value,
 * ClusterSecretStores, ExternalSecrets, Argo CD Applications …) with create-or-update
 * semantics, no server-side apply.
 */
public interface ManifestOperations {

	enum Applied {

		CREATED, UPDATED, UNCHANGED

	}

	/**
	 * Creates the object, or replaces the stored one's content (labels, annotations and
	 * everything but status) if it differs. Refuses a Secret with data: secret values
	 * reach the cluster through Vault and External Secrets.
	 * <p>
	 * Calls GET, then POST or PUT on the object's path.
	 */
	Applied apply(HasMetadata manifest);

	/**
	 * The stored object (status included) of the manifest's kind, namespace and name, or
	 * null if absent.
	 * <p>
	 * Calls GET on the object's path.
	 */
	<T extends HasMetadata> T find(T manifest);

	/**
	 * Deletes the object; false if it was absent.
	 * <p>
	 * Calls DELETE on the object's path.
	 */
	boolean delete(HasMetadata manifest);

}
