package org.homelab.rollout.rehearsal.proxmox;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PercentTests {

	@Test
	void decodeKeepsPlusSignsAndMultibyteCharacters() {
		assertThat(Percent.decode("a+b%20c%2Bd%0A%C3%A9")).isEqualTo("a+b c+d\né");
		assertThat(Percent.decode("key 🔑 %zz")).isEqualTo("key 🔑 %zz");
	}

	@Test
	void formDecodingTurnsPlusIntoSpaceFirst() {
		assertThat(Percent.decodeForm("ssh-ed25519+AAAA%2B%3D")).isEqualTo("ssh-ed25519 AAAA+=");
	}

}
