package org.homelab.rollout.gitlab;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * inventory.gitlab is checked at binding: a bad value stops the start-up naming its
 * property.
 */
class GitlabPropertiesTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(GitlabConfiguration.class);

	@Test
	void defaultsBindToABundledDatabaseAWeeksBackupsAndTheTwoRunnersTags() {
		this.context.run(started -> {
			GitlabProperties gitlab = started.getBean(GitlabProperties.class);
			assertThat(gitlab.externalDatabase()).isFalse();
			assertThat(gitlab.backupKeepTime()).isEqualTo(Duration.ofDays(7));
			assertThat(gitlab.gpuRunnerTags()).containsExactly("gpu");
			assertThat(gitlab.generalRunnerTags()).containsExactly("general");
			assertThat(started).hasSingleBean(GitlabRb.class);
		});
	}

	@Test
	void anExternalDatabaseWithoutAHostStopsTheStartNamingTheProperty() {
		this.context.withPropertyValues("inventory.gitlab.external-database=true")
			.run(started -> assertThat(started).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("inventory.gitlab.db-host"));
	}

	@Test
	void hostileOrSillyValuesStopTheStartNamingTheProperty() {
		this.context.withPropertyValues("inventory.gitlab.backup-keep-time=10m")
			.run(started -> assertThat(started).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("inventory.gitlab.backup-keep-time"));
		this.context.withPropertyValues("inventory.gitlab.backup-path=/var/backups'; system('id')")
			.run(started -> assertThat(started).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("inventory.gitlab.backup-path"));
		this.context.withPropertyValues("inventory.gitlab.gpu-runner-tags=gpu,Bad Tag")
			.run(started -> assertThat(started).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("inventory.gitlab.gpu-runner-tags[1]"));
		this.context.withPropertyValues("inventory.gitlab.external-database=true", "inventory.gitlab.db-host=db\nx")
			.run(started -> assertThat(started).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("inventory.gitlab.db-host"));
	}

}
