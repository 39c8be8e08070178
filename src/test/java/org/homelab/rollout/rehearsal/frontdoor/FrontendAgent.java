package org.homelab.rollout.rehearsal.frontdoor;

import org.homelab.rollout.rehearsal.LabGuest;
import org.homelab.rollout.rehearsal.RehearsalLab;

/** The frontend VM as the engine reaches it (see {@link LabGuest}). */
final class FrontendAgent extends LabGuest {

	static final int VMID = RehearsalLab.FRONTEND_VMID;

	FrontendAgent(RehearsalLab lab) {
		super(lab, VMID);
	}

}
