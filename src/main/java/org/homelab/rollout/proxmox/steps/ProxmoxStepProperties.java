package org.homelab.rollout.proxmox.steps;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the Proxmox steps put into VMs and how they retry.
 *
 * @param ciUser the cloud-init user created in each VM
 * @param sshKeys public keys authorized for that user
 * @param bootDisk the template's disk that is grown to the planned size
 * @param tag the tag on every VM the rollout creates
 * @param retryCycle job retry back-off for transient faults (Camunda's
 * failedJobRetryTimeCycle, a list of delays)
 * @param guestAgentTimeout how long after the wait for a VM's guest agent began it gives
 * up (a cloud image's first boot with cloud-init takes a minute or two; an agent that is
 * not installed never answers)
 * @param cloneUnlockTimeout how long after a wait for a clone found running (not asked
 * for just then: the run's own from before a crash, or another run's) the VM may stay
 * locked 'clone' before the wait gives up (a clone worker that died leaves its lock)
 * @param restoreChecksDir where restore-test's service checks are (one sh script per
 * service class)
 */
@ConfigurationProperties("rollout.proxmox.steps")
public record ProxmoxStepProperties(@DefaultValue("rollout") String ciUser, @DefaultValue("") List<String> sshKeys,
		@DefaultValue("scsi0") String bootDisk, @DefaultValue("homelab-rollout") String tag,
		@DefaultValue("PT2S,PT10S,PT30S") String retryCycle, @DefaultValue("10m") Duration guestAgentTimeout,
		@DefaultValue("1h") Duration cloneUnlockTimeout,
		@DefaultValue("./deploy/backup/restore-checks") Path restoreChecksDir) {

	public ProxmoxStepProperties {
		sshKeys = (sshKeys == null) ? List.of() : sshKeys.stream().filter(k -> !k.isBlank()).toList();
	}

}
