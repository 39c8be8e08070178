package org.homelab.rollout.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.homelab.rollout.gitlab.SeedFiles;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gitops project's own CI ({@code deploy/gitops/.gitlab-ci.yml}): one lint job on the
 * general runner running yamllint over the manifests as committed (rendered for a
 * domain), which the real yamllint passes and which fails on a duplicate key.
 */
class GitopsCiTests {

	@TempDir
	Path dir;

	@Test
	void theLintJobRunsYamllintOnTheManifestsOnTheGeneralRunner() throws IOException {
		JsonNode ci = new ObjectMapper(new YAMLFactory())
			.readTree(Files.readString(Path.of("deploy/gitops/.gitlab-ci.yml")));
		JsonNode job = ci.path("yamllint");
		assertThat(job.path("tags").get(0).asText()).isEqualTo("general");
		assertThat(job.path("tags")).hasSize(1);
		assertThat(job.path("stage").asText()).isEqualTo("lint");
		assertThat(job.path("script").toString()).contains("yamllint --strict bootstrap apps smoke");
		// the version the tests here run (Debian bookworm's)
		assertThat(job.path("before_script").toString()).contains("yamllint>=1.29,<1.30");
	}

	@Test
	void theRenderedManifestsPassTheRealYamllint() throws Exception {
		Tool.YAMLLINT.require("the gitops manifests against yamllint are");
		Path project = render(this.dir);
		Run run = yamllint(project);
		assertThat(run.exitCode()).as(run.output()).isZero();
	}

	@Test
	void yamllintFailsOnADuplicateKey() throws Exception {
		Tool.YAMLLINT.require("yamllint's power to fail is");
		Path project = render(this.dir);
		Path app = project.resolve("apps/smoke.yaml");
		Files.writeString(app, Files.readString(app) + "metadata:\n  name: other\n");
		Run run = yamllint(project);
		assertThat(run.exitCode()).isNotZero();
		assertThat(run.output()).contains("duplication of key \"metadata\"");
	}

	private static Path render(Path dir) throws IOException {
		Map<String, byte[]> files = SeedFiles.render(SeedFiles.read(Path.of("deploy/gitops")),
				Map.of("dnsDomain", "homelab.lan"));
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			Path target = dir.resolve(file.getKey());
			Files.createDirectories(target.getParent());
			Files.write(target, file.getValue());
		}
		return dir;
	}

	/** The job's script line, run from the project's root as the runner does. */
	private static Run yamllint(Path project) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("/usr/bin/yamllint", "--strict", "bootstrap", "apps", "smoke"));
		Process process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Run(process.exitValue(), output);
	}

	private record Run(int exitCode, String output) {
	}

}
