package org.homelab.rollout.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.backup.DisasterRecoveryPlan.GuardedVm;
import org.homelab.rollout.backup.DisasterRecoveryPlan.Retention;
import org.homelab.rollout.backup.DisasterRecoveryPlan.Server;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DisasterRecoveryPlanTests {

	static final Instant AT = Instant.parse("2026-12-07T03:00:00Z");

	static final Server SERVER = new Server("pbs-homelab", "192.168.1.40", "homelab", "AB:CD", "daily", "sat 03:00",
			"daily");

	static DisasterRecoveryPlan plan(List<GuardedVm> vms) {
		return new DisasterRecoveryPlan(AT, "phase-4-a", SERVER, new Retention(7, 4, 6), vms, Map.of("vault",
				List.of("homelab/services/vault/none"), "gitlab-ce", List.of("homelab/services/gitlab/root-password")));
	}

	@Test
	void vaultComesBackFirstThenGitlabThenTheClusterThenTheRest() {
		String md = plan(List.of(new GuardedVm(104, "prometheus", "prometheus", "pve", "02:30", AT, "passed"),
				new GuardedVm(130, "k3s-cp-1", "k3s", "pve", "02:30", AT, null),
				new GuardedVm(103, "gitlab-ce", "gitlab-ce", "pve", "02:30", AT, null),
				new GuardedVm(102, "vault", "vault", "pve", "02:30", AT, "passed: data directory present")))
			.render();
		assertThat(md).containsSubsequence("1. **vault** (VMID 102)", "vault operator unseal", "2. **gitlab-ce**",
				"3. **k3s-cp-1**", "argocd app sync root", "4. **prometheus**");
		assertThat(md).contains("qmrestore pbs-homelab:backup/vm/102/2026-12-07T03:00:00Z 102");
		assertThat(md).contains("keep-daily 7, keep-weekly 4, keep-monthly 6");
	}

	@Test
	void aVmWithoutABackupSaysSoInsteadOfATime() {
		String md = plan(List.of(new GuardedVm(105, "ansible", "ansible", "pve", "02:30", null, null))).render();
		assertThat(md).contains("| ansible | 105 | pve | ansible | 02:30 | **none yet** | not run |");
		assertThat(md).contains("backup/vm/105/<time> 105");
	}

	@Test
	void theSameStateRendersTheSameRunbook() {
		List<GuardedVm> vms = List.of(new GuardedVm(102, "vault", "vault", "pve", "02:30", AT, null));
		assertThat(plan(vms).render()).isEqualTo(plan(vms).render());
	}

	@Test
	void inventoryTextCannotBreakOutOfItsCell() {
		String md = plan(List.of(new GuardedVm(101, "evil|name\n# heading", "x", "pve", "`rm`", AT, "<b>"))).render();
		assertThat(md).doesNotContain("evil|name").doesNotContain("\n# heading").doesNotContain("<b>");
		assertThat(md).contains("evil_name_# heading");
	}

	@Test
	void credentialsAreListedAsVaultPathsOnly() {
		String md = plan(List.of()).render();
		assertThat(md).contains("| gitlab-ce | `homelab/services/gitlab/root-password` |");
	}

}
