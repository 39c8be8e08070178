package org.homelab.rollout.rehearsal.kubernetes;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Bearer tokens the lab's API server accepts: the admin's (written into the kubeconfig,
 * like K3s's {@code k3s.yaml}) and the one the simulated helm-controller authenticates
 * with, so its traffic is told apart.
 */
record LabTokens(String admin, String controller) {

	static LabTokens generate() {
		return new LabTokens("K10" + random(24) + "::server:" + random(16), "helm-controller:" + random(16));
	}

	private static String random(int bytes) {
		byte[] value = new byte[bytes];
		new SecureRandom().nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

}
