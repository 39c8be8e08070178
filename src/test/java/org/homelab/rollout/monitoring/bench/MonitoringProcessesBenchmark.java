package org.homelab.rollout.monitoring.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.vault.VaultConnections;
import org.homelab.rollout.vault.VaultLabFixture;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultInitializationRequest;
import org.springframework.vault.support.VaultInitializationResponse;
import org.springframework.vault.support.VaultMount;

/**
 * Prints how long each monitoring process takes on the lab at {@code -Dbench.scale}
 * (default 0.01), with the engine's production waits ({@code rollout.waits.*} defaults).
 * Not a test (no assertion, not matched by *Tests):
 * {@code ./mvnw -q test -Dtest=MonitoringProcessesBenchmark -Dbench.scale=0.05}.
 */
@SpringBootTest(properties = "rehearsal.latency-scale=${bench.scale:0.01}")
@ActiveProfiles({ "rehearsal", "test" })
class MonitoringProcessesBenchmark {

	static final Path DIR = temp();

	static final VaultLabFixture VAULT = new VaultLabFixture(DIR);

	@DynamicPropertySource
	static void vault(DynamicPropertyRegistry registry) {
		registry.add("rollout.vault.address", () -> VAULT.target().address().toString());
		registry.add("rollout.vault.ca-file", () -> VAULT.caFile().toString());
		registry.add("rollout.vault.state-dir", () -> DIR.resolve("vault-state").toString());
		registry.add("rollout.monitoring.state-dir", () -> DIR.resolve("monitoring").toString());
	}

	@Autowired
	RehearsalLab lab;

	@Autowired
	ProcessEngine engine;

	@Test
	void timeEachProcess() throws Exception {
		this.lab.reset();
		VaultConnections connections = new VaultConnections();
		VaultOperations anonymous = connections.anonymous(VAULT.target());
		VaultInitializationResponse init = anonymous.opsForSys().initialize(VaultInitializationRequest.create(1, 1));
		anonymous.opsForSys().unseal(init.getKeys().get(0));
		connections.withToken(VAULT.target(), init.getRootToken())
			.opsForSys()
			.mount("homelab", VaultMount.builder().type("kv").options(Map.of("version", "2")).build());
		Files.createDirectories(DIR.resolve("vault-state"));
		Files.writeString(DIR.resolve("vault-state/engine-token"), init.getRootToken().getToken());

		ProcessRuns runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(90));
		Map<String, Double> took = new LinkedHashMap<>();
		time(took, runs, "provision-vm", Map.of("vmName", "prometheus"));
		time(took, runs, "k3s-monitoring-access", Map.of());
		time(took, runs, "prometheus-install", Map.of("vmName", "prometheus"));
		time(took, runs, "grafana-install", Map.of());
		time(took, runs, "grafana-admin-to-vault", Map.of());
		time(took, runs, "monitoring-criteria-test", Map.of());
		time(took, runs, "grafana-uninstall", Map.of("grafanaInstalled", true));
		time(took, runs, "k3s-monitoring-access-remove", Map.of("monitoringAccessCreated", true));
		time(took, runs, "destroy-vm", Map.of("vmName", "prometheus"));
		System.out.printf(Locale.ROOT, "monitoring processes at latency scale %s (production waits):%n",
				System.getProperty("bench.scale", "0.01"));
		took.forEach((key, seconds) -> System.out.printf(Locale.ROOT, "  %-30s %6.2f s%n", key, seconds));
		VAULT.close();
	}

	private static void time(Map<String, Double> took, ProcessRuns runs, String key, Map<String, Object> vars) {
		took.put(key, runs.run(key, "bench", vars).took().toMillis() / 1000.0);
	}

	private static Path temp() {
		try {
			return Files.createTempDirectory("monitoring-bench");
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
