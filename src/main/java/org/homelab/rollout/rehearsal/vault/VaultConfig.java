package org.homelab.rollout.rehearsal.vault;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the lab needs from a Vault server config ({@code /etc/vault.d/vault.hcl}): the tcp listener's port and its
 * TLS files. TLS is on unless {@code tls_disable} is set, as in Vault; then both files are required.
 */
record VaultConfig(int port, boolean tls, String certFile, String keyFile) {

	static final int DEFAULT_PORT = 8200;

	private static final Pattern LISTENER = Pattern.compile("listener\\s+\"tcp\"\\s*\\{([^}]*)}", Pattern.DOTALL);

	/** Parses the hcl; empty when it has no tcp listener, which Vault refuses to start without. */
	static Optional<VaultConfig> parse(String hcl) {
		String text = hcl.replaceAll("(?m)(#|//).*$", "");
		Matcher listener = LISTENER.matcher(text);
		if (!listener.find()) {
			return Optional.empty();
		}
		String block = listener.group(1);
		String address = value(block, "address").orElse("127.0.0.1:" + DEFAULT_PORT);
		int colon = address.lastIndexOf(':');
		int port = (colon < 0) ? DEFAULT_PORT : Integer.parseInt(address.substring(colon + 1));
		String disable = value(block, "tls_disable").orElse("false");
		boolean tls = !("true".equalsIgnoreCase(disable) || "1".equals(disable));
		return Optional.of(new VaultConfig(port, tls, value(block, "tls_cert_file").orElse(null),
				value(block, "tls_key_file").orElse(null)));
	}

	private static Optional<String> value(String block, String key) {
		Matcher m = Pattern.compile("(?m)^\\s*" + key + "\\s*=\\s*\"?([^\"\\n]*?)\"?\\s*$").matcher(block);
		return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
	}

}
