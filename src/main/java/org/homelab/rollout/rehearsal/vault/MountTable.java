package org.homelab.rollout.rehearsal.vault;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The secrets engines and auth methods of a Vault, with the ones a fresh (non-dev) server
 * has.
 */
final class MountTable {

	/** A request path resolved to its mount and the rest of the path below it. */
	record Route(Mount mount, String rest) {
	}

	static final List<String> RESERVED = List.of("sys/", "auth/", "cubbyhole/", "identity/");

	private final Map<String, Mount> secrets = new LinkedHashMap<>();

	private final Map<String, Mount> auths = new LinkedHashMap<>();

	MountTable() {
		wipe();
	}

	void wipe() {
		this.secrets.clear();
		this.auths.clear();
		put(Mount.of("cubbyhole/", "cubbyhole", "per-token private secret storage", Map.of(), false));
		put(Mount.of("identity/", "identity", "identity store", Map.of(), false));
		put(Mount.of("sys/", "system", "system endpoints used for control, policy and debugging", Map.of(), false));
		put(Mount.of("token/", "token", "token based credentials", Map.of(), true));
	}

	void put(Mount mount) {
		(mount.auth() ? this.auths : this.secrets).put(mount.path(), mount);
	}

	Optional<Mount> remove(String path, boolean auth) {
		return Optional.ofNullable((auth ? this.auths : this.secrets).remove(path));
	}

	Optional<Mount> get(String path, boolean auth) {
		return Optional.ofNullable((auth ? this.auths : this.secrets).get(path));
	}

	Map<String, Mount> secrets() {
		return Map.copyOf(this.secrets);
	}

	Map<String, Mount> auths() {
		return Map.copyOf(this.auths);
	}

	/**
	 * Whether a new mount at {@code path} would overlap an existing one, which Vault
	 * refuses.
	 */
	boolean conflicts(String path, boolean auth) {
		Map<String, Mount> table = auth ? this.auths : this.secrets;
		return table.keySet().stream().anyMatch(existing -> existing.startsWith(path) || path.startsWith(existing));
	}

	/**
	 * The longest mount whose prefix the path starts with, as Vault's router picks it.
	 */
	Optional<Route> route(String path) {
		boolean auth = path.startsWith("auth/");
		String below = auth ? path.substring("auth/".length()) : path;
		Map<String, Mount> table = auth ? this.auths : this.secrets;
		String probe = below.endsWith("/") ? below : below + "/";
		return table.values()
			.stream()
			.filter(m -> probe.startsWith(m.path()))
			.max(Comparator.comparingInt(m -> m.path().length()))
			.map(m -> new Route(m, (below.length() > m.path().length()) ? below.substring(m.path().length()) : ""));
	}

	/** "homelab" or "homelab/" as Vault normalises a mount path. */
	static String normalise(String path) {
		String trimmed = path.startsWith("/") ? path.substring(1) : path;
		return trimmed.endsWith("/") ? trimmed : trimmed + "/";
	}

}
