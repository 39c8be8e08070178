package org.homelab.rollout.rehearsal.proxmox;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.FaultInjector.Kind;
import org.homelab.rollout.rehearsal.FaultInjector.Rule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxmoxLabFaultTests {

	@Test
	void taskErrorMakesTheCloneTaskStopWithAnErrorExitstatus() {
		FaultInjector faults = new FaultInjector(List.of(Rule.nth("proxmox", "clone", Kind.TASK_ERROR, 1)), 7);
		try (ProxmoxLab lab = new ProxmoxLab(ProxmoxLabSettings.defaults().withFaults(faults))) {
			lab.start();
			PveClient pve = PveClient.trusting(lab);
			PveClient.Answer answer = pve.post("/nodes/pve/qemu/9000/clone", "newid", "120", "name", "doomed");
			assertThat(answer.code()).isEqualTo(200);
			String upid = answer.data().asText();
			JsonNode status = pve.waitFor(upid);
			assertThat(status.path("exitstatus").asText()).startsWith("clone failed: ");
			assertThat(pve.log(upid).get(pve.log(upid).size() - 1)).startsWith("TASK ERROR: clone failed: ");
			assertThat(lab.vm(120)).isEmpty();
			String retry = pve.post("/nodes/pve/qemu/9000/clone", "newid", "120", "name", "doomed").data().asText();
			assertThat(pve.waitFor(retry).path("exitstatus").asText()).isEqualTo("OK");
		}
	}

	@Test
	void ratedFaultsFireTheSameWayUnderTheSameSeed() {
		assertThat(outcomes(42)).isEqualTo(outcomes(42)).contains(500).contains(200);
	}

	@Test
	void lockedAndServerErrorFaultsAnswerAsPve() {
		FaultInjector faults = new FaultInjector(List.of(Rule.nth("proxmox", "start", Kind.VM_LOCKED, 1),
				Rule.nth("proxmox", "resize", Kind.VM_LOCKED, 1), Rule.nth("proxmox", "config", Kind.HTTP_503, 1)), 1);
		try (ProxmoxLab lab = new ProxmoxLab(ProxmoxLabSettings.defaults().withFaults(faults))) {
			lab.start();
			PveClient pve = PveClient.trusting(lab);
			pve.waitFor(pve.post("/nodes/pve/qemu/9000/clone", "newid", "150").data().asText());
			String start = pve.post("/nodes/pve/qemu/150/status/start").data().asText();
			assertThat(pve.waitFor(start).path("exitstatus").asText()).isEqualTo("VM is locked (clone)");
			PveClient.Answer resize = pve.put("/nodes/pve/qemu/9000/resize", "disk", "scsi0", "size", "+1G");
			assertThat(resize.code()).isEqualTo(500);
			assertThat(resize.reason()).isEqualTo("VM is locked (clone)");
			assertThat(pve.put("/nodes/pve/qemu/9000/config", "description", "x").code()).isEqualTo(503);
			assertThat(pve.put("/nodes/pve/qemu/9000/config", "description", "x").code()).isEqualTo(200);
		}
	}

	@Test
	void timeoutFaultHoldsTheAnswerBeyondTheClientTimeout() {
		FaultInjector faults = new FaultInjector(List.of(Rule.nth("proxmox", "api", Kind.TIMEOUT, 1)), 1);
		try (ProxmoxLab lab = new ProxmoxLab(
				ProxmoxLabSettings.defaults().withFaults(faults).withTimeoutDelay(Duration.ofSeconds(30)))) {
			lab.start();
			PveClient pve = PveClient.trusting(lab);
			assertThatThrownBy(() -> pve.get("/version")).isInstanceOf(UncheckedIOException.class);
			assertThat(pve.get("/version").code()).isEqualTo(200);
		}
	}

	private static List<Integer> outcomes(long seed) {
		FaultInjector faults = new FaultInjector(List.of(Rule.rate("proxmox", "api", Kind.HTTP_500, 0.3)), seed);
		try (ProxmoxLab lab = new ProxmoxLab(ProxmoxLabSettings.defaults().withFaults(faults))) {
			lab.start();
			PveClient pve = PveClient.trusting(lab);
			List<Integer> codes = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				codes.add(pve.get("/nodes/pve/qemu").code());
			}
			return codes;
		}
	}

}
