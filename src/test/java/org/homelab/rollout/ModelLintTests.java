package org.homelab.rollout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every model passes bpmnlint with bpmnlint:recommended and camunda-compat for Camunda
 * 7.24 (.bpmnlintrc, the rules Camunda Modeler applies), warnings included. The npm
 * packages come from package.json (npm ci runs in the build).
 */
class ModelLintTests {

	@Test
	void everyModelPassesBpmnlint() throws Exception {
		List<Path> models = new ArrayList<>(bpmnFiles(Path.of("processes")));
		models.addAll(bpmnFiles(Path.of("src/test/resources/processes")));
		assertThat(models).isNotEmpty();
		Lint lint = lint(models);
		assertThat(lint.exitCode()).as(lint.output()).isZero();
	}

	@Test
	void lintCatchesAModelWithoutHistoryTimeToLive(@TempDir Path dir) throws Exception {
		Path model = dir.resolve("no-ttl.bpmn");
		Files.writeString(model, Files.readString(Path.of("src/test/resources/processes/smoke-test.bpmn"))
			.replace(" camunda:historyTimeToLive=\"P7D\"", ""));
		Lint lint = lint(List.of(model));
		assertThat(lint.exitCode()).isNotZero();
		assertThat(lint.output()).contains("history-time-to-live");
	}

	private record Lint(int exitCode, String output) {
	}

	private static Lint lint(List<Path> models) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("node_modules/.bin/bpmnlint", "--max-warnings=0"));
		models.forEach(model -> command.add(model.toString()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		return new Lint(process.exitValue(), output);
	}

	private static List<Path> bpmnFiles(Path dir) throws IOException {
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList();
		}
	}

}
