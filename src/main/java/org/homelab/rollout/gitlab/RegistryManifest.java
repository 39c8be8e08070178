package org.homelab.rollout.gitlab;

/**
 * An image manifest as the registry served it: its digest
 * ({@code Docker-Content-Digest}), media type and size in bytes. Pulling it proves the
 * registry and its token authentication work.
 */
public record RegistryManifest(String digest, String mediaType, long size) {
}
