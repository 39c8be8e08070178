package org.homelab.rollout.vault;

import java.nio.file.Path;

/**
 * Vault's TLS material: its certificate with the issuing CA after it, its private key,
 * and the CA certificate file the engine then trusts for Vault. {@link #toString()}
 * withholds the key.
 */
public record IssuedTls(String certificateChainPem, String privateKeyPem, String caCertificatePem, Path caFile) {

	@Override
	public String toString() {
		return "IssuedTls[ca=" + this.caFile + ", private key withheld]";
	}

}
