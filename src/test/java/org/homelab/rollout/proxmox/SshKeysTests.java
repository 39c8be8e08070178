package org.homelab.rollout.proxmox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SshKeysTests {

	@Test
	void encodesAsPerlsUriEscapeSoPlusSignsSurviveUriUnescape() {
		String keys = "ssh-ed25519 AAAA+b/c= me@host\nssh-rsa AAAB== you";
		String encoded = SshKeys.encode(keys);
		assertThat(encoded).isEqualTo("ssh-ed25519%20AAAA%2Bb%2Fc%3D%20me%40host%0Assh-rsa%20AAAB%3D%3D%20you");
		assertThat(encoded).doesNotContain("+", " ", "\n");
		assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(keys);
	}

}
