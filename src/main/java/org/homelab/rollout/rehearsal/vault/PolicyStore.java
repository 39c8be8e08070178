package org.homelab.rollout.rehearsal.vault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * ACL policies by name: "default" (editable, not deletable) and "root" (neither) always
 * exist.
 */
final class PolicyStore {

	/**
	 * The part of Vault's built-in default policy that a token needs to look after
	 * itself.
	 */
	static final String DEFAULT_POLICY = """
			# Allow tokens to look up their own properties
			path "auth/token/lookup-self" {
			    capabilities = ["read"]
			}

			# Allow tokens to renew themselves
			path "auth/token/renew-self" {
			    capabilities = ["update"]
			}

			# Allow tokens to revoke themselves
			path "auth/token/revoke-self" {
			    capabilities = ["update"]
			}

			# Allow a token to look up its own capabilities on a path
			path "sys/capabilities-self" {
			    capabilities = ["update"]
			}

			# Allow a token to make requests to its own cubbyhole
			path "cubbyhole/*" {
			    capabilities = ["create", "read", "update", "delete", "list"]
			}
			""";

	private final Map<String, AclPolicy> policies = new TreeMap<>();

	PolicyStore() {
		wipe();
	}

	void wipe() {
		this.policies.clear();
		this.policies.put("default", AclPolicy.parse("default", DEFAULT_POLICY));
	}

	/** Names as Vault lists them: stored ones plus "root". */
	List<String> names() {
		List<String> names = new ArrayList<>(this.policies.keySet());
		names.add("root");
		return names.stream().sorted().toList();
	}

	Optional<AclPolicy> get(String name) {
		if ("root".equals(name)) {
			return Optional.of(new AclPolicy("root", "", List.of()));
		}
		return Optional.ofNullable(this.policies.get(name));
	}

	void put(AclPolicy policy) {
		this.policies.put(policy.name(), policy);
	}

	boolean delete(String name) {
		return this.policies.remove(name) != null;
	}

	/** The ACL of a token's policies; unknown policy names grant nothing, as in Vault. */
	Acl acl(Collection<String> names) {
		return new Acl(names.stream().map(this.policies::get).filter(p -> p != null).toList());
	}

}
