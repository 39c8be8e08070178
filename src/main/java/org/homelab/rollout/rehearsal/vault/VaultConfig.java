package org.homelab.rollout.rehearsal.vault;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the lab needs from a Vault server config ({@code /etc/vault.d/vault.hcl}): the tcp
 * listener's port and its TLS files. TLS is on unless {@code tls_disable} is set, as in
 * Vault; then both files are required. Metrics: the listener's {@code telemetry {
 * unauthenticated_metrics_access }} and whether the top-level {@code telemetry} block
 * keeps Prometheus metrics ({@code prometheus_retention_time} other than 0, as Vault
 * requires for format=prometheus).
 */
record VaultConfig(int port, boolean tls, String certFile, String keyFile, boolean unauthenticatedMetrics,
		boolean prometheusMetrics) {

	static final int DEFAULT_PORT = 8200;

	private static final Pattern LISTENER = Pattern.compile("listener\\s+\"tcp\"\\s*\\{");

	private static final Pattern TELEMETRY = Pattern.compile("(?m)^\\s*telemetry\\s*\\{");

	/**
	 * Parses the hcl; empty when it has no tcp listener, which Vault refuses to start
	 * without.
	 */
	static Optional<VaultConfig> parse(String hcl) {
		String text = hcl.replaceAll("(?m)(#|//).*$", "");
		Matcher listener = LISTENER.matcher(text);
		if (!listener.find()) {
			return Optional.empty();
		}
		String block = block(text, listener.end());
		String outside = text.substring(0, listener.start()) + text.substring(listener.end() + block.length());
		String listenerTelemetry = firstBlock(block);
		String topTelemetry = firstBlock(outside);
		String address = value(block, "address").orElse("127.0.0.1:" + DEFAULT_PORT);
		int colon = address.lastIndexOf(':');
		int port = (colon < 0) ? DEFAULT_PORT : Integer.parseInt(address.substring(colon + 1));
		boolean tls = !truthy(value(block, "tls_disable").orElse("false"));
		boolean unauthenticated = truthy(value(listenerTelemetry, "unauthenticated_metrics_access").orElse("false"));
		String retention = value(topTelemetry, "prometheus_retention_time").orElse("0");
		boolean prometheus = !retention.matches("0[a-z]*");
		return Optional.of(new VaultConfig(port, tls, value(block, "tls_cert_file").orElse(null),
				value(block, "tls_key_file").orElse(null), unauthenticated, prometheus));
	}

	/**
	 * The body of a block whose opening brace ends just before {@code from}, nested
	 * blocks included.
	 */
	private static String block(String text, int from) {
		int depth = 1;
		for (int i = from; i < text.length(); i++) {
			char c = text.charAt(i);
			depth += (c == '{') ? 1 : (c == '}') ? -1 : 0;
			if (depth == 0) {
				return text.substring(from, i);
			}
		}
		return text.substring(from);
	}

	/**
	 * The body of the first {@code telemetry} block in the text, or "" when there is
	 * none.
	 */
	private static String firstBlock(String text) {
		Matcher telemetry = TELEMETRY.matcher(text);
		return telemetry.find() ? block(text, telemetry.end()) : "";
	}

	/** A key of this block itself, not of a nested block. */
	private static Optional<String> value(String block, String key) {
		String own = block.replaceAll("(?s)\\{[^{}]*}", "{}");
		Matcher m = Pattern.compile("(?m)^\\s*" + key + "\\s*=\\s*\"?([^\"\\n]*?)\"?\\s*$").matcher(own);
		return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
	}

	private static boolean truthy(String value) {
		return "true".equalsIgnoreCase(value) || "1".equals(value);
	}

}
