package org.homelab.rollout.backup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * inventory.backup binds with the plan's defaults and is checked at start-up: a value
 * that PVE or PBS would refuse, or that could leave its config line, stops it naming the
 * property.
 */
class BackupInventoryTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(BackupInventoryConfiguration.class);

	@Test
	void withoutAnythingSetThePlansDefaultsHold() {
		this.context.run(started -> {
			BackupInventory backup = started.getBean(BackupInventory.class);
			assertThat(backup.placement()).isEqualTo(BackupInventory.Placement.VM);
			assertThat(backup.datastoreSizeGb()).isEqualTo(100);
			assertThat(backup.retention()).isEqualTo(new BackupInventory.Retention(7, 4, 6));
			assertThat(backup.schedule()).isEqualTo("02:30");
			assertThat(backup.existingVms()).isEmpty();
		});
	}

	@Test
	void theFrontendPlacementAndExistingVmsBind() {
		this.context
			.withPropertyValues("inventory.backup.placement=frontend", "inventory.backup.existing-vms[0]=frontend",
					"inventory.backup.existing-vms[1]=k3s-cp-1", "inventory.backup.retention.keep-daily=14")
			.run(started -> {
				BackupInventory backup = started.getBean(BackupInventory.class);
				assertThat(backup.placement()).isEqualTo(BackupInventory.Placement.FRONTEND);
				assertThat(backup.existingVms()).containsExactly("frontend", "k3s-cp-1");
				assertThat(backup.retention().keepDaily()).isEqualTo(14);
				assertThat(backup.retention().keepMonthly()).isEqualTo(6);
			});
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			datastore-size-gb | 50 | datastoreSizeGb
			schedule | 02:30\\nrm -rf / | schedule
			datastore | a/b | datastore
			existing-vms[0] | ../etc | existingVms[0]
			retention.keep-daily | 0 | retention.keepDaily
			mailto | a@b; c@d | mailto
			storage | PBS | storage
			""")
	void aBadValueStopsTheStartUpNamingTheProperty(String property, String value, String named) {
		this.context.withPropertyValues("inventory.backup." + property + "=" + value.replace("\\n", "\n"))
			.run(started -> {
				assertThat(started).hasFailed();
				Throwable cause = started.getStartupFailure();
				StringBuilder messages = new StringBuilder();
				while (cause != null) {
					messages.append(cause.getMessage()).append('\n');
					cause = cause.getCause();
				}
				assertThat(messages.toString()).contains("inventory.backup").contains(named);
			});
	}

}
