package org.homelab.rollout.vault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Vault client's objects wired by hand, as Spring would, for tests that need no
 * application context.
 */
final class ClientWiring {

	final VaultProperties properties;

	final VaultConnections connections = new VaultConnections();

	final VaultSeal seal = new VaultSeal(this.connections);

	final BootstrapSecrets secrets = new BootstrapSecrets();

	final VaultBootstrap bootstrap;

	final EngineToken engineToken;

	final VaultPolicies policies;

	final PolicyConvergence policyConvergence = new PolicyConvergence();

	final EngineAccess access;

	final KvMountConvergence kv;

	final KubernetesAuthConvergence kubernetes;

	final SecretWriter writer;

	final GeneratedSecrets generated;

	final VaultConfigurationCheck check;

	final RootRecovery recovery;

	ClientWiring(VaultProperties properties) {
		this.properties = properties;
		this.bootstrap = new VaultBootstrap(this.seal, this.secrets, new ShareHandout(properties), properties);
		this.engineToken = new EngineToken(properties);
		this.policies = new VaultPolicies(properties);
		this.access = new EngineAccess(this.connections, this.secrets, this.engineToken, this.policies,
				this.policyConvergence, properties);
		this.kv = new KvMountConvergence(properties);
		this.kubernetes = new KubernetesAuthConvergence(properties);
		this.writer = new SecretWriter(this.access);
		this.generated = new GeneratedSecrets(properties, new SecretGenerator(), this.writer);
		this.check = new VaultConfigurationCheck(properties, this.policies);
		this.recovery = new RootRecovery(new VaultRootGeneration(this.connections), this.access, this.connections,
				properties);
	}

	static VaultProperties properties(Path stateDir, List<Path> pgpKeyFiles, int shares, int threshold) {
		return new VaultProperties(null, null, stateDir, shares, threshold, pgpKeyFiles, stateDir.resolve("handout"),
				"homelab", "kubernetes", List.of("grafana", "gitlab-ce"), List.of("grafana"), "external-secrets",
				"external-secrets", Duration.ofHours(768), null, null);
	}

	static ClientWiring plain(Path stateDir) {
		return new ClientWiring(properties(stateDir, List.of(), 5, 3));
	}

}
