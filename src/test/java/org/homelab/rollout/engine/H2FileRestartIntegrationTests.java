package org.homelab.rollout.engine;

import java.nio.file.Path;
import java.time.Duration;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.homelab.rollout.RolloutApplication;
import org.homelab.rollout.support.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default H2 database is a file: a run waiting when the engine stops is still there,
 * and finishes, after.
 */
class H2FileRestartIntegrationTests {

	@Test
	void runWaitingAtShutdownFinishesAfterRestart(@TempDir Path data) {
		String url = "--spring.datasource.url=jdbc:h2:file:" + data.resolve("rollout") + ";DB_CLOSE_ON_EXIT=FALSE";
		String processInstanceId;
		try (ConfigurableApplicationContext first = start(url, "--camunda.bpm.job-execution.enabled=false")) {
			processInstanceId = first.getBean(RuntimeService.class)
				.startProcessInstanceByKey("smoke-test")
				.getProcessInstanceId();
		}
		try (ConfigurableApplicationContext second = start(url)) {
			HistoryService history = second.getBean(HistoryService.class);
			Runs.awaitEnded(history, processInstanceId, Duration.ofSeconds(30));
			assertThat(history.createHistoricProcessInstanceQuery().count()).isEqualTo(1);
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		return new SpringApplicationBuilder(RolloutApplication.class).profiles("rehearsal", "test")
			.run(concat(args, "--server.port=0"));
	}

	private static String[] concat(String[] args, String extra) {
		String[] all = java.util.Arrays.copyOf(args, args.length + 1);
		all[args.length] = extra;
		return all;
	}

}
