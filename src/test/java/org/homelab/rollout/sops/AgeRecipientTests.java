package org.homelab.rollout.sops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Recipients from the inventory: a well-formed {@code age1…} key parses; a typo, a wrong
 * prefix or a secret key pasted by mistake is refused naming the property and never the
 * value.
 */
class AgeRecipientTests {

	/** The recipient of age's README. */
	static final String RECIPIENT = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";

	@Test
	void aWellFormedRecipientGivesItsX25519Key() {
		AgeRecipient recipient = AgeRecipient.parse("inventory.sops.age-recipients[0]", " " + RECIPIENT + "\n");
		assertThat(recipient).hasToString(RECIPIENT);
		assertThat(recipient.publicKey()).hasSize(32);
	}

	@Test
	void aMistypedCharacterFailsTheChecksum() {
		String typo = RECIPIENT.substring(0, 20) + (RECIPIENT.charAt(20) == 'q' ? 'p' : 'q') + RECIPIENT.substring(21);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AgeRecipient.parse("inventory.sops.age-recipients[1]", typo))
			.withMessageStartingWith("inventory.sops.age-recipients[1] is not an age recipient")
			.withMessageContaining("checksum");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AgeRecipient.parse("p", RECIPIENT.substring(0, RECIPIENT.length() - 1)))
			.withMessageContaining("checksum");
	}

	@Test
	void otherShapesAreRefusedSayingWhy() {
		assertThatIllegalArgumentException().isThrownBy(() -> AgeRecipient.parse("p", "ssh-ed25519 AAAAC3Nz"))
			.withMessageContaining("does not start with age1");
		assertThatIllegalArgumentException().isThrownBy(() -> AgeRecipient.parse("p", RECIPIENT.toUpperCase()))
			.withMessageContaining("does not start with age1");
		assertThatIllegalArgumentException().isThrownBy(() -> AgeRecipient.parse("p", "age1" + "b".repeat(58)))
			.withMessageContaining("not a Bech32 character");
		assertThatIllegalArgumentException().isThrownBy(() -> AgeRecipient.parse("p", null))
			.withMessageContaining("does not start with age1");
	}

	@Test
	void aSecretKeyPastedByMistakeIsNotRepeated() {
		String identity = "AGE-SECRET-KEY-1" + "QQPZRY9X8GF2TVDW0S3JN54KHCE6MUA7LQQPZRY9X8GF2TVDW0S3JN54KHCE6";
		assertThatIllegalArgumentException()
			.isThrownBy(() -> AgeRecipient.parse("inventory.sops.age-recipients[0]", identity))
			.withMessageContaining("inventory.sops.age-recipients[0] holds an age identity")
			.withMessageContaining("age-keygen -y")
			.withMessageNotContaining("QQPZRY9X8");
	}

}
