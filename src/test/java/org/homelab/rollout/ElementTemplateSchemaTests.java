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
 * Every element template Camunda Modeler finds in processes/.camunda/element-templates is
 * valid against Camunda's element-templates JSON schema (npm
 * {@code @camunda/element-templates-json-schema}, pinned in package.json; npm ci runs in
 * the build), checked with ajv by src/test/resources/element-templates/validate.mjs.
 * Modeler drops an invalid template with only a log line, so the call activity it was
 * meant for loses its form without anyone noticing.
 */
class ElementTemplateSchemaTests {

	private static final Path TEMPLATES = Path.of("processes/.camunda/element-templates");

	@Test
	void everyTemplateIsValidAgainstCamundasSchema() throws Exception {
		List<Path> templates = templates(TEMPLATES);
		assertThat(templates).hasSizeGreaterThan(10);
		Validation validation = validate(templates);
		assertThat(validation.exitCode()).as(validation.output()).isZero();
		// one verdict per file: none was left out
		for (Path template : templates) {
			assertThat(validation.output()).contains(template + ": valid");
		}
	}

	@Test
	void aTemplateWithAnUnknownBindingTypeIsInvalid(@TempDir Path dir) throws Exception {
		Path broken = dir.resolve("vault-install.json");
		Files.writeString(broken, Files.readString(TEMPLATES.resolve("vault-install.json"))
			.replace("\"camunda:in:businessKey\"", "\"camunda:businessKey\""));
		Validation validation = validate(List.of(broken));
		assertThat(validation.exitCode()).as(validation.output()).isNotZero();
		assertThat(validation.output()).contains(broken + ": /0/properties/1/binding/type must be equal to one of");
	}

	@Test
	void aTemplateWithoutAppliesToIsInvalid(@TempDir Path dir) throws Exception {
		Path valid = dir.resolve("valid.json");
		Files.copy(TEMPLATES.resolve("vault-install.json"), valid);
		Path broken = dir.resolve("no-applies-to.json");
		Files.writeString(broken,
				Files.readString(valid).replaceFirst("\"appliesTo\": \\[\\s*\"bpmn:CallActivity\"\\s*\\],", ""));
		assertThat(Files.readString(broken)).doesNotContain("appliesTo");
		Validation validation = validate(List.of(valid, broken));
		assertThat(validation.exitCode()).as(validation.output()).isNotZero();
		assertThat(validation.output()).contains(valid + ": valid")
			.contains(broken + ": /0 must have required property 'appliesTo'");
	}

	private record Validation(int exitCode, String output) {
	}

	private static Validation validate(List<Path> templates) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("node", "src/test/resources/element-templates/validate.mjs"));
		templates.forEach(template -> command.add(template.toString()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		return new Validation(process.exitValue(), output);
	}

	private static List<Path> templates(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
		}
	}

}
