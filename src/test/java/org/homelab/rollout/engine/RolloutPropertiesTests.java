package org.homelab.rollout.engine;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Demo credentials exist only in rehearsal: anywhere else the admin password must come
 * from the environment.
 */
class RolloutPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(EngineConfiguration.class);

	@Test
	void homelabModeWithoutAdminPasswordFailsStartupNamingTheVariable() {
		this.runner.withPropertyValues("rollout.mode=homelab").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("ROLLOUT_ADMIN_PASSWORD");
		});
	}

	@Test
	void homelabModeWithAdminPasswordStartsAndNeverShowsIt() {
		this.runner.withPropertyValues("rollout.mode=homelab", "rollout.admin-password=s3cret-from-env")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RolloutProperties.class).toString()).doesNotContain("s3cret-from-env");
			});
	}

	@Test
	void rehearsalModeNeedsNoPassword() {
		this.runner.withPropertyValues("rollout.mode=rehearsal")
			.run(context -> assertThat(context.getBean(RolloutProperties.class).rehearsal()).isTrue());
	}

}
