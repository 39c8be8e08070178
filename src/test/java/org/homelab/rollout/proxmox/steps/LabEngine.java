package org.homelab.rollout.proxmox.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.homelab.rollout.rehearsal.proxmox.VmView;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points the engine's inventory at a test's own rehearsal lab, with waits and retries
 * short enough for tests.
 */
final class LabEngine {

	/** Fast waits and retries; the structure (back-off, retry counts) is production's. */
	static final String[] FAST = { "rollout.waits.poll-interval=10ms", "rollout.waits.initial-backoff=30ms",
			"rollout.waits.max-backoff=200ms", "rollout.waits.retries=2", "rollout.waits.retry-backoff=200ms",
			"rollout.proxmox.steps.retry-cycle=PT1S,PT1S,PT1S", "rollout.proxmox.client.read-timeout=1s" };

	private LabEngine() {
	}

	/** A lab of the test's own, for faults or timing the embedded one must not have. */
	static ProxmoxLab started(ProxmoxLabSettings settings) {
		ProxmoxLab lab = new ProxmoxLab(settings);
		lab.start();
		return lab;
	}

	static void register(DynamicPropertyRegistry registry, ProxmoxLab lab) {
		registry.add("inventory.proxmox.url", lab::url);
		registry.add("inventory.proxmox.fingerprint", lab::fingerprintSha256);
		registry.add("inventory.proxmox.token-secret-file", () -> tokenFile().toString());
	}

	/** The same, as command-line arguments for a hand-started application. */
	static List<String> arguments(ProxmoxLab lab) {
		List<String> args = new ArrayList<>(List.of("--inventory.proxmox.url=" + lab.url(),
				"--inventory.proxmox.fingerprint=" + lab.fingerprintSha256(),
				"--inventory.proxmox.token-secret-file=" + tokenFile()));
		for (String property : FAST) {
			args.add("--" + property);
		}
		return args;
	}

	static Path tokenFile() {
		try {
			Path file = Files.createTempFile("proxmox-token", ".txt");
			file.toFile().deleteOnExit();
			return Files.writeString(file, ProxmoxLabSettings.DEFAULT_TOKEN_SECRET);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<VmView> named(ProxmoxLab lab, String name) {
		return lab.vms().stream().filter(vm -> name.equals(vm.name())).toList();
	}

	static Map<String, Object> variables(HistoryService history, String processInstanceId) {
		Map<String, Object> variables = new java.util.HashMap<>();
		for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery()
			.processInstanceId(processInstanceId)
			.list()) {
			variables.put(v.getName(), v.getValue());
		}
		return variables;
	}

	static boolean ended(HistoryService history, String processInstanceId) {
		return history.createHistoricProcessInstanceQuery()
			.processInstanceId(processInstanceId)
			.finished()
			.count() == 1;
	}

}
