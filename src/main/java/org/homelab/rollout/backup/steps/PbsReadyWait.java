package org.homelab.rollout.backup.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.backup.PbsException;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code pbs-ready}: until PBS at {@code pbsAddress} answers {@code GET /version}
 * to the engine signed in with its password (its certificate pinned): the proxy is up and
 * the engine's user works.
 */
@Component
class PbsReadyWait implements WaitCondition {

	private final PbsSteps steps;

	PbsReadyWait(PbsSteps steps) {
		this.steps = steps;
	}

	@Override
	public String topic() {
		return "pbs-ready";
	}

	@Override
	public Set<String> variables() {
		return Set.of(PbsVariables.ADDRESS, PbsVariables.FINGERPRINT);
	}

	@Override
	public Check check(Look look) {
		String address = look.required(PbsVariables.ADDRESS, String.class);
		String fingerprint = look.required(PbsVariables.FINGERPRINT, String.class);
		try {
			String version = this.steps.client(address, fingerprint).version().version();
			return Check.done(Map.of("pbsVersion", version));
		}
		catch (PbsException ex) {
			return Check.waiting("Proxmox Backup Server at " + address + " to answer GET /version to "
					+ PbsSteps.ENGINE_USER + " (" + ex.getMessage() + ")");
		}
	}

	@Override
	public String overdue(Look look) {
		return "On the proxmox-backup VM: 'systemctl status proxmox-backup-proxy' and 'journalctl -u "
				+ "proxmox-backup-proxy', and that port 8007 is open to the engine.";
	}

}
