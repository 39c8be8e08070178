package org.homelab.rollout.ansible.steps;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the steps read of ansible's output: the hosts of {@code ansible-inventory --graph}
 * and a playbook run's PLAY RECAP with the script's exit line.
 */
class AnsibleOutputTests {

	private static final String RECAP = """
			PLAY [Homelab VMs] ************************************************************

			PLAY RECAP *********************************************************************
			prometheus                 : ok=5    changed=%d    unreachable=0    failed=%d    skipped=1    rescued=0    ignored=0
			vault                      : ok=5    changed=0    unreachable=0    failed=0    skipped=1    rescued=0    ignored=0
			""";

	@Test
	void theGraphsHostsAreReadNotItsGroups() {
		String graph = """
				@homelab:
				  |--prometheus
				  |--vault
				  |--@tag_x:
				  |  |--gitlab-ce
				""";
		assertThat(CheckAnsibleInventoryDelegate.hosts(graph)).containsExactly("prometheus", "vault", "gitlab-ce");
		assertThat(CheckAnsibleInventoryDelegate.hosts("@homelab:\n")).isEmpty();
		assertThat(CheckAnsibleInventoryDelegate.hosts(null)).isEmpty();
	}

	@Test
	void aRecapIsCleanOnlyWhenTheRunExitedZeroAndNoHostFailed() {
		PlayRecap clean = PlayRecap.of(RECAP.formatted(0, 0) + AnsibleModel.EXIT_OK + "\n");
		assertThat(clean.clean()).isTrue();
		assertThat(clean.hosts()).containsOnlyKeys("prometheus", "vault");
		assertThat(clean.total("changed")).isZero();

		PlayRecap changed = PlayRecap.of(RECAP.formatted(3, 0) + AnsibleModel.EXIT_OK + "\n");
		assertThat(changed.clean()).isTrue();
		assertThat(changed.total("changed")).isEqualTo(3);

		PlayRecap failed = PlayRecap.of(RECAP.formatted(0, 1) + AnsibleModel.EXIT_FAILED + "\n");
		assertThat(failed.clean()).isFalse();
		assertThat(failed.summary()).contains("exit non-zero", "failed=1");
		// no recap at all (the inventory failed): not clean even if something printed ok
		assertThat(PlayRecap.of("ERROR! the inventory failed\n" + AnsibleModel.EXIT_OK).clean()).isFalse();
	}

}
