package org.homelab.rollout.rehearsal.backup;

import org.homelab.rollout.backup.PbsCredentials;
import org.homelab.rollout.backup.PbsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code proxmox-backup-manager user create|update|remove} and {@code acl update} on the
 * lab's PBS, as the real CLI: a {@code @pbs} user made with a password signs in to the
 * API with it and holds what its ACL entry grants; an existing user is refused by create
 * and its password changed by update; an ACL entry needs an existing user; a removed user
 * no longer signs in.
 */
class PbsManagerTests {

	private final PbsVm vm = new PbsVm();

	@AfterEach
	void stop() {
		this.vm.close();
	}

	@Test
	void aUserMadeOnTheVmSignsInWithItsPasswordAndHoldsWhatItsAclGrants() {
		PbsLab lab = this.vm.install();
		this.vm.write("/root/pw", "first-password\n");
		assertThat(this.vm.sh("proxmox-backup-manager acl update / Admin --auth-id rollout@pbs").err())
			.contains("no such user");
		assertThat(
				this.vm.sh("proxmox-backup-manager user create rollout@pbs --password \"$(cat /root/pw)\"").exitCode())
			.isZero();
		PbsCredentials first = PbsCredentials.password("rollout@pbs", () -> "first-password");
		// signed in, but nothing granted yet
		assertThatThrownBy(() -> this.vm.client(first).datastores().ensure("store", "/mnt/store", "daily", null))
			.isInstanceOf(PbsException.class)
			.hasMessageContaining("403");
		assertThat(this.vm.sh("proxmox-backup-manager acl update / Admin --auth-id rollout@pbs").exitCode()).isZero();
		assertThat(this.vm.client(first).datastores().ensure("store", "/mnt/store", "daily", null)).isPresent();
		assertThat(lab.acl()).contains("/ rollout@pbs Admin");

		PbsVm.Exec again = this.vm.sh("proxmox-backup-manager user create rollout@pbs --password other-password");
		assertThat(again.exitCode()).isEqualTo(255);
		assertThat(again.err()).contains("already exists");
		assertThat(this.vm.sh("proxmox-backup-manager user update rollout@pbs --password second-password").exitCode())
			.isZero();
		assertThatThrownBy(() -> this.vm.client(first).datastores().list()).isInstanceOf(PbsException.class);
		assertThat(this.vm.client(PbsCredentials.password("rollout@pbs", () -> "second-password")).datastores().list())
			.singleElement();
		assertThat(this.vm.sh("proxmox-backup-manager user create empty@pbs --password \"$(cat /root/missing)\"").err())
			.contains("parameter 'password'");

		assertThat(this.vm.sh("proxmox-backup-manager user remove rollout@pbs").exitCode()).isZero();
		assertThat(lab.acl()).noneMatch(entry -> entry.contains("rollout@pbs"));
		assertThatThrownBy(() -> this.vm.client(PbsCredentials.password("rollout@pbs", () -> "second-password"))
			.datastores()
			.list()).isInstanceOf(PbsException.class);
	}

}
