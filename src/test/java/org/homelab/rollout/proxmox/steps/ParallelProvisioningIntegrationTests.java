package org.homelab.rollout.proxmox.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.ProcessRuns;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten VMs at once with a job executor of two threads: since every wait is an external
 * task, the threads only make the short calls, and ten provisionings take about as long
 * as one.
 */
@SpringBootTest(properties = { "rollout.waits.initial-backoff=30ms", "rollout.waits.max-backoff=200ms",
		"camunda.bpm.job-execution.core-pool-size=2", "camunda.bpm.job-execution.max-pool-size=2",
		"rehearsal.latency-scale=0.04" })
@ActiveProfiles({ "rehearsal", "test" })
class ParallelProvisioningIntegrationTests {

	static final List<String> NAMES = List.of("prometheus", "vault", "gitlab-ce", "ansible", "proxmox-backup",
			"extra-6", "extra-7", "extra-8", "extra-9", "extra-10");

	@Autowired
	RehearsalLab lab;

	/**
	 * Ten planned VMs: the plan's five and five more, small, at consecutive addresses.
	 */
	@DynamicPropertySource
	static void tenVms(DynamicPropertyRegistry registry) {
		for (int i = 0; i < NAMES.size(); i++) {
			String vm = "inventory.vms[" + i + "].";
			String address = "127.0.10." + (21 + i);
			registry.add(vm + "name", NAMES.get(i)::toString);
			registry.add(vm + "cores", () -> "2");
			registry.add(vm + "memory-mb", () -> "2048");
			registry.add(vm + "disk-gb", () -> "20");
			registry.add(vm + "address", () -> address);
		}
	}

	@Autowired
	ProcessEngine engine;

	@Test
	void tenVmsOnTwoJobThreadsTakeAboutAsLongAsOne() {
		this.lab.reset();
		Duration one = provision(List.of("vault"));
		this.lab.reset();
		Duration ten = provision(NAMES);
		// the lab's existing frontend server is no VM of this run
		List<VmView> vms = this.lab.proxmox()
			.vms()
			.stream()
			.filter(vm -> !vm.template() && !vm.name().equals("frontend"))
			.toList();
		assertThat(vms).extracting(VmView::name).containsExactlyInAnyOrderElementsOf(NAMES);
		assertThat(vms).extracting(VmView::vmid).doesNotHaveDuplicates();
		assertThat(vms).allMatch(VmView::running);
		// "about the time of one": serialised on two threads it would take five times as
		// long
		assertThat(ten).as("ten VMs took %s, one took %s", ten, one).isLessThan(one.multipliedBy(2));
	}

	private Duration provision(List<String> names) {
		ProcessRuns runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(120));
		Instant start = Instant.now();
		List<String> ids = names.stream()
			.map(name -> runs.start("provision-vm", "parallel-" + name, Map.of(ProxmoxVariables.VM_NAME, name)))
			.toList();
		// one after the other: an incident stays, so the wait for its run fails on it
		ids.forEach(runs::awaitEnd);
		return Duration.between(start, Instant.now());
	}

}
