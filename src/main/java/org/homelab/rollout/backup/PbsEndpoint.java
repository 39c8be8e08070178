package org.homelab.rollout.backup;

import java.net.URI;

/**
 * Where a Proxmox Backup Server answers and how its certificate is trusted: {@code url}
 * such as {@code https://10.0.10.40:8007} (the API sits under {@code /api2/json}), and
 * either {@code fingerprint} (the SHA-256 of its self-signed {@code proxy.pem}, as the
 * PBS dashboard shows it) or {@code caFile} (a PEM CA that signed it). Never neither.
 */
public record PbsEndpoint(URI url, String fingerprint, String caFile) {

	public PbsEndpoint {
		if (url == null || !"https".equals(url.getScheme())) {
			throw new IllegalArgumentException("the Proxmox Backup Server URL must be https://<host>:8007, was " + url);
		}
		if (blank(fingerprint) && blank(caFile)) {
			throw new IllegalArgumentException("Proxmox Backup Server at " + url
					+ ": set its certificate fingerprint or a CA file; TLS is never trusted blindly");
		}
	}

	public static PbsEndpoint pinned(URI url, String fingerprint) {
		return new PbsEndpoint(url, fingerprint, null);
	}

	static boolean blank(String value) {
		return value == null || value.isBlank();
	}

}
