package org.homelab.rollout.proxmox.steps;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.homelab.rollout.RolloutApplication;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.TestLabs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine stops while Proxmox is still cloning (a standalone lab outlives it, as a
 * real node would) and starts again on the same database: the run picks its wait up and
 * finishes with exactly one VM.
 */
class EngineRestartDuringCloneIntegrationTests {

	/** A clone of six seconds: long enough to stop the engine in the middle of it. */
	static final ProxmoxLab lab = TestLabs
		.started(ProxmoxLabSettings.defaults().withLatency(new Latency(0.005, Map.of("proxmox.clone", 1200.0))));

	@AfterAll
	static void stop() {
		lab.close();
	}

	@Test
	void runWaitingForACloneResumesAfterRestartAndMakesOneVm(@TempDir Path data) {
		List<String> args = arguments(data);
		String id;
		try (ConfigurableApplicationContext first = start(args)) {
			RuntimeService runtime = first.getBean(RuntimeService.class);
			id = new ProcessRuns(first.getBean(ProcessEngine.class)).start("provision-vm", "restart-1",
					Map.of(ProxmoxVariables.VM_NAME, "vault"));
			ExternalTaskService externalTasks = first.getBean(ExternalTaskService.class);
			ExternalTask wait = await().atMost(Duration.ofSeconds(20))
				.until(() -> externalTasks.createExternalTaskQuery()
					.processInstanceId(id)
					.activityId("wait-for-clone")
					.singleResult(), task -> task != null);
			// Cockpit shows what the run waits for, and no job (thread) is busy with it
			await().atMost(Duration.ofSeconds(5))
				.until(() -> String.valueOf(runtime.getVariableLocal(wait.getExecutionId(), "waitingFor")),
						text -> text.contains("qmclone"));
			assertThat(first.getBean(ManagementService.class).createJobQuery().processInstanceId(id).count()).isZero();
		}
		assertThat(lab.vms()).filteredOn(vm -> "clone".equals(vm.lock())).hasSize(1);
		try (ConfigurableApplicationContext second = start(args)) {
			ProcessRuns runs = new ProcessRuns(second.getBean(ProcessEngine.class)).within(Duration.ofSeconds(60));
			runs.awaitEnd(id);
			assertThat(runs.variables(id)).containsEntry(ProxmoxVariables.ADDRESS, "127.0.10.22");
		}
		assertThat(lab.vms()).filteredOn(vm -> !vm.template()).extracting(VmView::name).containsExactly("vault");
	}

	private static List<String> arguments(Path data) {
		List<String> args = new ArrayList<>(TestLabs.arguments(lab));
		args.add("--spring.datasource.url=jdbc:h2:file:" + data.resolve("rollout") + ";DB_CLOSE_ON_EXIT=FALSE");
		args.add("--rehearsal.embedded=false");
		args.add("--server.port=0");
		return args;
	}

	private static ConfigurableApplicationContext start(List<String> args) {
		return new SpringApplicationBuilder(RolloutApplication.class).profiles("rehearsal", "test")
			.run(args.toArray(String[]::new));
	}

}
