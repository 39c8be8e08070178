package org.homelab.rollout.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.homelab.rollout.monitoring.PrometheusConfigTests;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An undeclared model is not checked at its start, so every building block in processes/
 * must declare its inputs (none is a declaration too).
 */
class BuildingBlockStartCheckTests {

	@Test
	void everyBuildingBlockDeclaresItsInputs() throws IOException {
		List<String> buildingBlocks;
		try (Stream<Path> models = Files.list(Path.of("processes"))) {
			buildingBlocks = models.map(model -> model.getFileName().toString())
				.filter(name -> name.endsWith(".bpmn"))
				.map(name -> name.replace(".bpmn", ""))
				.filter(key -> !BuildingBlockStartCheck.isPhaseOrRollout(key))
				.toList();
		}

		assertThat(new BuildingBlockStartCheck(PrometheusConfigTests.homelab()).rules().keySet())
			.containsExactlyInAnyOrderElementsOf(buildingBlocks);
	}

	@Test
	void restoreTestTakesExactlyTheChecksThatExist() throws IOException {
		List<String> scripts;
		try (Stream<Path> files = Files.list(Path.of("deploy/backup/restore-checks"))) {
			scripts = files.map(file -> file.getFileName().toString())
				.filter(name -> name.endsWith(".sh"))
				.map(name -> name.replace(".sh", ""))
				.toList();
		}

		assertThat(BuildingBlockStartCheck.RESTORE_CHECKS).containsExactlyInAnyOrderElementsOf(scripts);
	}

}
