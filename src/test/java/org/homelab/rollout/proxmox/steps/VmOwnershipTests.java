package org.homelab.rollout.proxmox.steps;

import java.util.Map;

import org.homelab.rollout.proxmox.VmConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VmOwnershipTests {

	@Test
	void onlyTheRunNamedInTheDescriptionOwnsTheVm() {
		VmConfig ours = new VmConfig(Map.of("description", VmOwnership.description("vault", "run-1")));
		assertThat(VmOwnership.createdBy(ours, "run-1")).isTrue();
		assertThat(VmOwnership.createdBy(ours, "run-2")).isFalse();
		assertThat(VmOwnership.createdBy(ours, "run")).isFalse();
	}

	@Test
	void aVmWithoutTheMarkIsNobodysToDelete() {
		assertThat(VmOwnership.createdBy(new VmConfig(Map.of()), "run-1")).isFalse();
		assertThat(VmOwnership.createdBy(new VmConfig(Map.of("description", "homelab-rollout-run: run-1 (copied)")),
				"run-1"))
			.isFalse();
	}

}
