package org.homelab.rollout.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.RolloutApplication;
import org.homelab.rollout.support.ProcessRuns;
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
			processInstanceId = new ProcessRuns(first.getBean(ProcessEngine.class)).start("smoke-test", Map.of());
		}
		try (ConfigurableApplicationContext second = start(url)) {
			ProcessEngine engine = second.getBean(ProcessEngine.class);
			new ProcessRuns(engine).within(Duration.ofSeconds(30)).awaitEnd(processInstanceId);
			assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery().count()).isEqualTo(1);
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
