package org.homelab.rollout.rehearsal.vault;

/**
 * Picks the handler for a routed request: by path under sys/, by mount type elsewhere.
 */
final class Handlers {

	private final SealHandler seal;

	private final GenerateRootHandler generateRoot;

	private final MountHandler mounts;

	private final PolicyHandler policies;

	private final TokenHandler tokens;

	private final KubernetesAuthHandler kubernetes;

	private final KvHandler kv2;

	private final KvV1Handler kv1;

	Handlers(VaultState state) {
		this.seal = new SealHandler(state);
		this.generateRoot = new GenerateRootHandler(state);
		this.mounts = new MountHandler(state);
		this.policies = new PolicyHandler(state.policies, state.tokens);
		this.tokens = new TokenHandler(state);
		this.kubernetes = new KubernetesAuthHandler(state);
		this.kv2 = new KvHandler(state);
		this.kv1 = new KvV1Handler(state);
	}

	SealHandler seal() {
		return this.seal;
	}

	/** The handler, or null when the lab does not simulate this part of Vault. */
	Handler pick(MountTable.Route route) {
		Mount mount = route.mount();
		String rest = route.rest();
		if ("system".equals(mount.type())) {
			if (rest.matches("init|unseal|seal|seal-status|health|leader")) {
				return this.seal;
			}
			if (rest.matches("generate-root/(attempt|update)")) {
				return this.generateRoot;
			}
			if ((rest.matches("(mounts|auth)(/.*)?") && !rest.endsWith("/tune"))
					|| rest.startsWith("internal/ui/mounts/")) {
				return this.mounts;
			}
			return rest.matches("(policy|policies/acl)(/.*)?|capabilities(-self)?") ? this.policies : null;
		}
		return switch (mount.type()) {
			case "token" -> this.tokens;
			case "kubernetes" -> mount.auth() ? this.kubernetes : null;
			case "kv" -> mount.kvVersion2() ? this.kv2 : this.kv1;
			default -> null;
		};
	}

}
