package org.homelab.rollout.rehearsal.proxmox;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The PVE formats the lab can verify, with PVE's messages (each ends in a newline, as the
 * Perl {@code die} does); formats it does not know are accepted. Object formats are
 * property strings such as {@code net0}.
 */
final class Formats {

	private static final String IPV4 = "(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

	private static final Map<String, UnaryOperator<String>> NAMED = Map.ofEntries(
			Map.entry("pve-node",
					v -> v.matches("[a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?") ? null
							: "value does not look like a valid node name\n"),
			Map.entry("pve-vmid",
					v -> v.matches("[1-9][0-9]{2,8}") ? null : "value does not look like a valid VM ID\n"),
			Map.entry("pve-storage-id",
					v -> v.matches("(?i)[a-z][a-z0-9\\-_.]*[a-z0-9]") ? null
							: "storage ID '" + v + "' contains illegal characters\n"),
			Map.entry("pve-configid",
					v -> v.matches("(?i)[a-z][a-z0-9_-]+") ? null : "invalid configuration ID '" + v + "'\n"),
			Map.entry("pve-bridge-id", v -> v.matches("[-_.\\w\\d]+") ? null : "invalid bridge ID '" + v + "'\n"),
			Map.entry("dns-name", v -> v
				.matches("(([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?)\\.)*([a-zA-Z0-9]([a-zA-Z0-9\\-]*[a-zA-Z0-9])?)")
						? null : "value does not look like a valid DNS name\n"),
			Map.entry("urlencoded",
					v -> v.matches("[-%a-zA-Z0-9_.!~*'()]*") ? null : "invalid urlencoded string: " + v + "\n"),
			Map.entry("pve-tag", v -> v.matches("(?i)[a-z0-9_][a-z0-9_\\-+.]*") ? null : "invalid characters in tag\n"),
			Map.entry("ipv4", v -> v.matches(IPV4) ? null : "value does not look like a valid IPv4 address\n"),
			Map.entry("mac-addr",
					v -> v.matches("(?i)[a-f0-9][02468ace](?::[a-f0-9]{2}){5}") ? null
							: "value does not look like a valid unicast MAC address\n"),
			Map.entry("pve-qm-ipconfig", Formats::ipconfig));

	private Formats() {
	}

	/**
	 * The error text (without the "invalid format - " prefix), or null when the value
	 * fits or the format is unknown.
	 */
	static String check(JsonNode format, String value, String path) {
		if (format == null || format.isNull()) {
			return null;
		}
		if (format.isObject()) {
			return propertyString(format, value, path);
		}
		String name = format.asText();
		if (name.endsWith("-list")) {
			UnaryOperator<String> single = NAMED.get(name.substring(0, name.length() - 5));
			if (single == null) {
				return null;
			}
			return Arrays.stream(value.split("[\\x00;,\\s]+"))
				.filter(s -> !s.isEmpty())
				.map(single)
				.filter(e -> e != null)
				.findFirst()
				.orElse(null);
		}
		if (name.endsWith("-opt")) {
			UnaryOperator<String> single = NAMED.get(name.substring(0, name.length() - 4));
			return (single == null || value.isEmpty()) ? null : single.apply(value);
		}
		UnaryOperator<String> named = NAMED.get(name);
		return (named != null) ? named.apply(value) : null;
	}

	/**
	 * PVE::JSONSchema::parse_property_string: key=value parts, one default key, no
	 * unknown keys.
	 */
	private static String propertyString(JsonNode format, String value, String path) {
		Map<String, String> parts = new LinkedHashMap<>();
		for (String part : value.split(",")) {
			if (part.isBlank()) {
				continue;
			}
			int eq = part.indexOf('=');
			String key = (eq > 0) ? part.substring(0, eq) : defaultKey(format);
			if (eq == 0 || (eq > 0 && eq == part.length() - 1)) {
				return "missing key in comma-separated list property\n";
			}
			if (key == null) {
				return "value without key, but schema does not define a default key\n";
			}
			JsonNode schema = format.get(key);
			if (schema != null && schema.hasNonNull("alias")) {
				key = schema.path("alias").asText();
			}
			if (parts.containsKey(key)) {
				return "duplicate key in comma-separated list property: " + key + "\n";
			}
			if (format.get(key) == null) {
				return "invalid key in comma-separated list property: " + key + "\n";
			}
			parts.put(key, (eq > 0) ? part.substring(eq + 1) : part);
		}
		Map<String, String> errors = new LinkedHashMap<>();
		for (Iterator<Map.Entry<String, JsonNode>> it = format.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> field = it.next();
			String value1 = parts.get(field.getKey());
			JsonNode schema = field.getValue();
			if (value1 == null) {
				if (!schema.path("optional").asBoolean(false) && !schema.hasNonNull("alias")
						&& !schema.has("default_key")) {
					errors.put(path + "." + field.getKey(), "property is missing and it is not optional");
				}
				continue;
			}
			if ("boolean".equals(schema.path("type").asText())) {
				value1 = value1.matches("(?i)1|on|yes|true") ? "1"
						: value1.matches("(?i)0|off|no|false") ? "0" : value1;
			}
			ParameterCheck.check(path + "." + field.getKey(), schema, value1, errors);
		}
		if (errors.isEmpty()) {
			return null;
		}
		StringBuilder message = new StringBuilder("format error\n");
		errors.forEach((k, v) -> message.append(k).append(": ").append(v).append('\n'));
		return message.toString();
	}

	private static String defaultKey(JsonNode format) {
		for (Iterator<Map.Entry<String, JsonNode>> it = format.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> field = it.next();
			if (field.getValue().path("default_key").asBoolean(false)) {
				return field.getKey();
			}
		}
		return null;
	}

	/**
	 * pve-qm-ipconfig is registered by qemu-server, not in the dump: ip/gw/ip6/gw6 as
	 * cloud-init takes them.
	 */
	private static String ipconfig(String value) {
		for (String part : value.split(",")) {
			String[] kv = part.split("=", 2);
			if (kv.length != 2 || !kv[0].matches("ip|gw|ip6|gw6")) {
				return "invalid key in comma-separated list property: " + kv[0] + "\n";
			}
			if (kv[0].equals("ip") && !kv[1].matches("dhcp|manual|" + IPV4 + "/(\\d+)")) {
				return "format error\nip: invalid format - value does not look like a valid ipv4 network configuration\n";
			}
			if (kv[0].equals("gw") && !kv[1].matches(IPV4)) {
				return "format error\ngw: invalid format - value does not look like a valid IPv4 address\n";
			}
		}
		return null;
	}

}
