package org.homelab.rollout;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The diagrams the docs pages show (docs/images, rendered by bpmn-js through
 * src/build/render-diagrams.sh) still show their models: every shape and edge of the
 * model's diagram, nothing else, each at the model's place. A model changed without
 * rendering its image again fails here.
 */
class DiagramImagesTests {

	private static final Pattern ANY = Pattern.compile("data-element-id=\"([^\"]+)\"");

	@ParameterizedTest
	@ValueSource(strings = { "homelab-rollout", "phase-1-foundation", "phase-2-cicd", "phase-3-gitops",
			"phase-4-backup", "rollback-phase-1", "rollback-phase-2", "rollback-phase-3" })
	void theImageShowsTheModel(String key) throws IOException {
		BpmnModelInstance model = Bpmn.readModelFromFile(new File("processes/" + key + ".bpmn"));
		Path image = Path.of("docs/images/" + key + ".svg");
		assertThat(image).as("run src/build/render-diagrams.sh").exists();
		String svg = Files.readString(image);
		Set<String> drawn = new TreeSet<>();
		Matcher any = ANY.matcher(svg);
		while (any.find()) {
			if (!any.group(1).endsWith("_label") && !any.group(1).equals(key)) {
				drawn.add(any.group(1));
			}
		}
		Set<String> modelled = new TreeSet<>();
		model.getModelElementsByType(BpmnShape.class).forEach(shape -> modelled.add(shape.getBpmnElement().getId()));
		model.getModelElementsByType(BpmnEdge.class).forEach(edge -> modelled.add(edge.getBpmnElement().getId()));
		assertThat(drawn).as("%s: run src/build/render-diagrams.sh", image).isEqualTo(modelled);
		List<String> misplaced = model.getModelElementsByType(BpmnShape.class).stream().filter(shape -> {
			Matcher at = Pattern
				.compile("data-element-id=\"" + Pattern.quote(shape.getBpmnElement().getId())
						+ "\"[^>]*?transform=\"matrix\\(1 0 0 1 (-?[0-9.]+) (-?[0-9.]+)\\)\"")
				.matcher(svg);
			return !at.find() || Math.abs(Double.parseDouble(at.group(1)) - shape.getBounds().getX()) > 0.5
					|| Math.abs(Double.parseDouble(at.group(2)) - shape.getBounds().getY()) > 0.5;
		}).map(shape -> shape.getBpmnElement().getId()).toList();
		assertThat(misplaced).as("%s: shapes moved since it was rendered (src/build/render-diagrams.sh)", image)
			.isEmpty();
	}

}
