package org.homelab.rollout.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The runner against real processes (sh, sleep, head): timeouts fire, big outputs do not
 * deadlock.
 */
class ToolRunnerTests {

	@TempDir
	Path dir;

	final ToolRunner runner = new ToolRunner(Map.of(), ToolRunner.searchPath(System.getenv("PATH")),
			Duration.ofSeconds(30));

	@Test
	void aToolOutrunningItsTimeoutIsKilledThen() throws Exception {
		long start = System.nanoTime();
		ToolResult result = this.runner.run(this.dir, Duration.ofSeconds(1), "sleep", List.of("30"));
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(result.timedOut()).isTrue();
		assertThat(result.succeeded()).isFalse();
		assertThat(result.output()).contains("sleep killed after 1000 ms");
		assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
	}

	@Test
	void aShellsChildrenAreKilledWithIt() throws Exception {
		long start = System.nanoTime();
		ToolResult result = this.runner.run(this.dir, Duration.ofSeconds(1), "sh",
				List.of("-c", "sleep 30; echo late"));

		assertThat(result.timedOut()).isTrue();
		assertThat(result.output()).doesNotContain("late");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void outputLargerThanAPipeBufferIsReadWhileTheToolRuns() throws Exception {
		// 1 MiB on stdout and stderr: a tool whose pipe is not drained blocks at 64 KiB
		// and would time out
		ToolResult result = this.runner.run(this.dir, Duration.ofSeconds(10), "sh",
				List.of("-c", "head -c 1048576 /dev/zero | tr '\\0' a; head -c 1048576 /dev/zero | tr '\\0' b >&2; "
						+ "echo; echo done"));

		assertThat(result.timedOut()).isFalse();
		assertThat(result.exitCode()).isZero();
		assertThat(result.output()).endsWith("done\n").hasSizeLessThanOrEqualTo(ToolRunner.KEPT_OUTPUT + 1);
	}

	@Test
	void exitCodeAndOutputOfAFailingTool() throws Exception {
		ToolResult result = this.runner.run(this.dir, Duration.ofSeconds(5), "sh",
				List.of("-c", "echo no >&2; exit 3"));

		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.output()).isEqualTo("no\n");
		assertThat(result.succeeded()).isFalse();
	}

	@Test
	void timeoutsAreCappedAtTheMaximum() throws Exception {
		ToolRunner capped = new ToolRunner(Map.of(), ToolRunner.searchPath(System.getenv("PATH")),
				Duration.ofMillis(500));
		assertThat(capped.run(this.dir, Duration.ofMinutes(10), "sleep", List.of("30")).timedOut()).isTrue();
	}

	@Test
	void aConfiguredPathWinsOverThePathAndAMissingToolSaysWhatToDo() throws Exception {
		Path tool = this.dir.resolve("mytool");
		Files.writeString(tool, "#!/bin/sh\necho configured\n");
		tool.toFile().setExecutable(true);
		ToolRunner runner = new ToolRunner(Map.of("mytool", tool), List.of(), Duration.ofSeconds(5));

		assertThat(runner.run(this.dir, Duration.ofSeconds(5), "mytool", List.of()).output()).isEqualTo("configured\n");
		assertThatThrownBy(() -> runner.find("nosuchtool")).isInstanceOf(ToolNotFoundException.class)
			.hasMessageContaining("rollout.tools.paths.nosuchtool");
	}

}
