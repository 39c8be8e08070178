package org.homelab.rollout.recovery;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EngineNodeTests {

	@Test
	void aConfiguredIdIsTakenAsItIs() {
		assertThat(
				EngineNode.of(new EngineNodeProperties("engine-a", Duration.ofSeconds(2), Duration.ofSeconds(10))).id())
			.isEqualTo("engine-a");
	}

	@Test
	void withoutOneTheIdIsTheHostNameMadeFitForALockOwner() {
		assertThat(EngineNode.fromHostName("Rollout-1.homelab.lan")).isEqualTo("rollout-1.homelab.lan");
		assertThat(EngineNode.fromHostName("host name/with:odd")).isEqualTo("host-name-with-odd");
		assertThat(EngineNode.fromHostName("a".repeat(70))).hasSize(EngineNode.MAX_LENGTH);
		assertThat(EngineNode.fromHostName("")).isEqualTo("engine");
		assertThat(EngineNode.of(new EngineNodeProperties(" ", Duration.ofSeconds(2), Duration.ofSeconds(10))).id())
			.isNotBlank();
	}

	@Test
	void anIdThatCannotNameAHeartbeatOrALockIsRefusedSayingWhatFits() {
		assertThatIllegalArgumentException().isThrownBy(() -> new EngineNode("two words"))
			.withMessageContaining("ROLLOUT_ENGINE_NODE_ID");
		assertThatIllegalArgumentException().isThrownBy(() -> new EngineNode("x".repeat(41)));
	}

}
