package org.homelab.rollout.gitlab;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a run signs its commits and an undo recognises them: the trailer as the last
 * paragraph, found in GitLab's parsed trailers or, failing those, in the message; a
 * revert's GitLab message naming the reverted commit and never the run.
 */
class RunCommitsTests {

	@Test
	void aRunsMessageEndsWithItsTrailer() {
		assertThat(RunCommits.message("  Phase 3: the app-of-apps \n", "4f1c-run.7"))
			.isEqualTo("Phase 3: the app-of-apps\n\nHomelab-Rollout-Run: 4f1c-run.7\n");
		assertThatThrownBy(() -> RunCommits.message("x", "two words")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> RunCommits.message("x", "a\nFake: b")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> RunCommits.message("x", null)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void theRunIsReadFromParsedTrailersOrFromTheLastParagraph() {
		String message = RunCommits.message("Seed", "run-1");
		assertThat(commit(message, Map.of("Homelab-Rollout-Run", "run-1")).runId()).isEqualTo("run-1");
		assertThat(commit(message, Map.of()).runId()).as("a GitLab that parsed no trailers").isEqualTo("run-1");
		assertThat(commit("Homelab-Rollout-Run: run-1", Map.of()).runId()).as("a title is no trailer").isNull();
		assertThat(commit("Seed\n\nHomelab-Rollout-Run: run-1\n\nMore text\n", Map.of()).runId())
			.as("only the last paragraph holds trailers")
			.isNull();
		assertThat(commit("Operators' change", Map.of()).runId()).isNull();
	}

	@Test
	void aRevertNamesWhatItRevertsAndNoRun() {
		GitlabCommit revert = commit("Revert \"Seed\"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567",
				Map.of());
		assertThat(revert.reverts()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
		assertThat(revert.runId()).isNull();
		assertThat(commit("Seed", Map.of()).reverts()).isNull();
	}

	private static GitlabCommit commit(String message, Map<String, String> trailers) {
		return new GitlabCommit("abc", message.lines().findFirst().orElse(""), message, List.of(), null, trailers);
	}

}
