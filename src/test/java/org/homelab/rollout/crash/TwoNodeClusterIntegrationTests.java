package org.homelab.rollout.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.homelab.rollout.support.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camunda's homogeneous cluster (docs/cluster.md): two engine processes, nodes a and b,
 * on one PostgreSQL against one standalone lab. Phase 1 starts on a; a is killed with
 * SIGKILL while VMs boot; b, never restarted, finishes the run within
 * {@link CrashRun#RECOVERY_TARGET} of the kill, the operator completing the user tasks on
 * b. Nothing is created twice, and no wait is completed twice by the two pollers.
 */
class TwoNodeClusterIntegrationTests {

	@TempDir
	Path dir;

	@Test
	void nodeBFinishesWhatNodeAStartedWhenAIsKilled() throws Exception {
		Instant began = Instant.now();
		Path shared = this.dir.resolve("shared");
		try (PostgresServer postgres = PostgresServer.start();
				LabProcess lab = LabProcess.start(this.dir.resolve("lab"), CrashRecoveryIntegrationTests.SCALE,
						LabProcess.SHORT_CLONE)) {
			List<String> datasource = List.of("--spring.datasource.url=" + postgres.jdbcUrl(),
					"--spring.datasource.username=" + postgres.user(), "--spring.datasource.password=");
			try (EngineNode a = new EngineNode("a", this.dir.resolve("node-a"), lab, datasource, shared);
					EngineNode b = new EngineNode("b", this.dir.resolve("node-b"), lab, datasource, shared);
					KeptLogs logs = new KeptLogs("cluster", a.log(), b.log(), lab.log())) {
				a.start();
				b.start();
				CrashRun run = new CrashRun(lab, shared, CrashRecoveryIntegrationTests.PATIENCE, Duration.ofMinutes(8));
				Function<EngineNode, EngineNode> other = dead -> (dead == a) ? b : a;
				Set<KillPoint> missed = run.drive("cluster", a, EnumSet.of(KillPoint.BOOT), other, up -> {
				});
				run.recoveries().forEach(r -> System.out.println(r.line("cluster")));
				System.out.printf("cluster: Phase 1 completed %s after its start%n",
						CrashRun.seconds(Duration.between(began, Instant.now())));

				assertThat(missed).as("node a was killed mid-run").isEmpty();
				assertThat(a.alive()).isFalse();
				EngineRest rest = b.rest();
				assertThat(rest.state(run.processInstanceId())).isEqualTo("COMPLETED");
				assertThat(rest.endEvents(run.processInstanceId())).containsExactly("phase-1-done");
				assertThat(rest.incidents()).isEmpty();
				new LabState(lab.state()).assertExactlyOneOfEach();
				assertThat(run.recoveries()).allMatch(CrashRun.Recovery::withinTarget);

				List<JsonNode> completions = rest.externalTaskSuccesses();
				Map<String, Long> perWait = completions.stream()
					.collect(Collectors.groupingBy(log -> log.path("externalTaskId").asText(), Collectors.counting()));
				assertThat(perWait).as("waits completed more than once").allSatisfy((id, n) -> assertThat(n).isOne());
				assertThat(completions).as("waits completed by node b after a died")
					.anyMatch(log -> "b".equals(log.path("workerId").asText()));
				assertThat(rest.completedTasks("approve-phase-1")).as("the gate, completed through node b").hasSize(1);
				CrashRecoveryIntegrationTests.assertNoSecretIn(run, rest, shared, lab,
						List.of(a.logText(), b.logText(), java.nio.file.Files.readString(lab.log())));
			}
		}
	}

}
