package org.homelab.rollout.monitoring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.support.Tool;
import org.homelab.rollout.tools.ToolResult;
import org.homelab.rollout.tools.ToolRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real promtool (Debian package prometheus; CI installs it). Tests skip, saying so,
 * only where it is absent.
 */
final class Promtool {

	static final Path BINARY = Path.of("/usr/bin/promtool");

	private static final ToolRunner TOOLS = new ToolRunner(Map.of("promtool", BINARY), List.of(),
			Duration.ofSeconds(60));

	private Promtool() {
	}

	static void assumeInstalled() {
		Tool.PROMTOOL.require("the generated configuration and rules are");
	}

	static ToolResult run(Path workingDir, String... args) throws Exception {
		ToolResult result = TOOLS.run(workingDir, Duration.ofSeconds(60), "promtool", List.of(args));
		assertThat(result.timedOut()).as(result.output()).isFalse();
		return result;
	}

}
