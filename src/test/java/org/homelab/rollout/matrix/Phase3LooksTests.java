package org.homelab.rollout.matrix;

import java.util.Map;

import org.homelab.rollout.matrix.Phase3Observed.Recap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the newest run's recap out of an ansible log, as ansible writes it. */
class Phase3LooksTests {

	static final String LOG = """
			2026-12-07 04:00:01,101 p=4242 u=root n=ansible | PLAY [Node exporter and updates on the homelab VMs] ***
			2026-12-07 04:00:09,202 p=4242 u=root n=ansible | PLAY RECAP *********************************************
			2026-12-07 04:00:09,202 p=4242 u=root n=ansible | vault                      : ok=5    changed=2    unreachable=1    failed=0    skipped=0    rescued=0    ignored=0
			2026-12-07 04:10:01,303 p=4300 u=root n=ansible | PLAY [Node exporter and updates on the homelab VMs] ***
			2026-12-07 04:10:02,303 p=4300 u=root n=ansible | fatal: [gitlab-ce]: FAILED! => {"msg": "boom"}
			2026-12-07 04:10:09,404 p=4300 u=root n=ansible | PLAY RECAP *********************************************
			2026-12-07 04:10:09,404 p=4300 u=root n=ansible | gitlab-ce                  : ok=1    changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0
			2026-12-07 04:10:09,404 p=4300 u=root n=ansible | vault                      : ok=6    changed=0    unreachable=0    failed=0    skipped=1    rescued=0    ignored=0
			2026-12-07 04:11:00,000 p=4301 u=root n=ansible | [WARNING]: something after the run
			""";

	@Test
	void theNewestRecapCountsEachHost() {
		assertThat(Phase3Looks.recap(LOG))
			.isEqualTo(Map.of("gitlab-ce", new Recap(1, 0, 0, 1), "vault", new Recap(6, 0, 0, 0)));
		assertThat(Phase3Looks.recap(LOG).get("gitlab-ce").clean()).isFalse();
	}

	@Test
	void aLogWithoutACompletedRunHasNoHosts() {
		assertThat(Phase3Looks.recap("")).isEmpty();
		assertThat(Phase3Looks.recap(
				"2026-12-07 04:00:01,101 p=4242 u=root n=ansible | PLAY [Node exporter and updates on the homelab VMs] ***\n"))
			.isEmpty();
	}

}
