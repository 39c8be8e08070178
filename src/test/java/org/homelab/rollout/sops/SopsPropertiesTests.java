package org.homelab.rollout.sops;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * inventory.sops binds and is checked at start-up: a malformed recipient stops it naming
 * the property; none is allowed (then no file carrying a secret is encrypted).
 */
class SopsPropertiesTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(SopsConfiguration.class);

	@Test
	void recipientsBindAndReachTheEncryption() {
		this.context.withPropertyValues("inventory.sops.age-recipients[0]=" + AgeRecipientTests.RECIPIENT)
			.run(started -> {
				assertThat(started).hasNotFailed().hasSingleBean(SopsYaml.class).hasSingleBean(CommitScan.class);
				assertThat(started.getBean(SopsProperties.class).recipients()).extracting(Object::toString)
					.containsExactly(AgeRecipientTests.RECIPIENT);
			});
	}

	@Test
	void aMalformedRecipientStopsTheStartUpNamingTheProperty() {
		this.context
			.withPropertyValues("inventory.sops.age-recipients[0]=" + AgeRecipientTests.RECIPIENT,
					"inventory.sops.age-recipients[1]=age1notakey")
			.run(started -> {
				assertThat(started).hasFailed();
				Throwable cause = started.getStartupFailure();
				while (cause.getCause() != null) {
					cause = cause.getCause();
				}
				assertThat(cause).hasMessageStartingWith("inventory.sops.age-recipients[1] is not an age recipient");
			});
	}

	@Test
	void noRecipientsIsAllowed() {
		this.context.run(started -> assertThat(started.getBean(SopsProperties.class).ageRecipients()).isEmpty());
	}

}
