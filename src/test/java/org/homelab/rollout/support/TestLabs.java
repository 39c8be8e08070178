package org.homelab.rollout.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.homelab.rollout.rehearsal.proxmox.VmView;

import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test's own rehearsal lab, for faults or timing the embedded one must not have, and
 * the engine's inventory pointed at it as the embedded lab points it at itself
 * ({@code RehearsalLab.INVENTORY_PROPERTIES}).
 */
public final class TestLabs {

	/** Fast waits and retries; the structure (back-off, retry counts) is production's. */
	public static final List<String> FAST = List.of("rollout.waits.initial-backoff=30ms",
			"rollout.waits.max-backoff=200ms", "rollout.waits.retries=2", "rollout.waits.retry-backoff=200ms",
			"rollout.proxmox.steps.retry-cycle=PT1S,PT1S,PT1S", "rollout.proxmox.client.read-timeout=1s");

	/** Where tests read the HelmChart resources the rollout writes. */
	public static final ResourceDefinitionContext HELM_CHARTS = new ResourceDefinitionContext.Builder()
		.withGroup("helm.cattle.io")
		.withVersion("v1")
		.withKind("HelmChart")
		.withPlural("helmcharts")
		.withNamespaced(true)
		.build();

	/**
	 * Fails unless the lab got no request but the engine's version check at start-up
	 * ({@code ProxmoxVersionCheck}, a read): what a refused start or completion must
	 * leave.
	 */
	public static void assertUntouched(RequestJournal journal) {
		assertThat(journal.entries()).as("requests to the lab")
			.allMatch(e -> e.method().equals("GET") && e.path().endsWith("/version"));
	}

	private TestLabs() {
	}

	public static ProxmoxLab started(ProxmoxLabSettings settings) {
		ProxmoxLab lab = new ProxmoxLab(settings);
		lab.start();
		return lab;
	}

	public static void register(DynamicPropertyRegistry registry, ProxmoxLab lab) {
		registry.add("inventory.proxmox.url", lab::url);
		registry.add("inventory.proxmox.fingerprint", lab::fingerprintSha256);
		registry.add("inventory.proxmox.token-secret-file", () -> tokenFile().toString());
		// the lab's time runs at its latency scale: so do the typical durations the
		// waits start from
		registry.add("rollout.waits.typical-scale", () -> typicalScale(lab));
	}

	/** The same, with {@link #FAST}, as arguments for a hand-started application. */
	public static List<String> arguments(ProxmoxLab lab) {
		List<String> args = new ArrayList<>(List.of("--inventory.proxmox.url=" + lab.url(),
				"--inventory.proxmox.fingerprint=" + lab.fingerprintSha256(),
				"--inventory.proxmox.token-secret-file=" + tokenFile(),
				"--rollout.waits.typical-scale=" + typicalScale(lab)));
		FAST.forEach(property -> args.add("--" + property));
		return args;
	}

	/** The lab's VMs of that name. */
	public static List<VmView> vms(ProxmoxLab lab, String name) {
		return lab.vms().stream().filter(vm -> name.equals(vm.name())).toList();
	}

	private static double typicalScale(ProxmoxLab lab) {
		return lab.settings().latency().scale();
	}

	private static Path tokenFile() {
		try {
			Path file = Files.createTempFile("proxmox-token", ".txt");
			file.toFile().deleteOnExit();
			return Files.writeString(file, ProxmoxLabSettings.DEFAULT_TOKEN_SECRET);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
