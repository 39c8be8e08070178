package org.homelab.rollout.rehearsal.gitlab;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /etc/gitlab/gitlab.rb} as {@code gitlab-ctl reconfigure} reads it. The lab
 * understands the Ruby Omnibus accepts there in its two forms ({@code name 'value'} and
 * {@code name['key'] = value}, values strings, numbers, booleans, nil or arrays of them,
 * arrays over several lines) and honours {@code external_url},
 * {@code registry_external_url}, {@code prometheus_monitoring['enable']} or
 * {@code prometheus['enable']}, {@code gitlab_rails['monitoring_whitelist']} and
 * {@code gitlab_rails['initial_root_password']}; a value may be
 * {@code File.read('<path>').strip} (the file must exist at reconfigure); any other line
 * is a Ruby syntax error, and reconfigure fails on it as Omnibus does.
 */
public record GitlabRb(String externalUrl, String registryExternalUrl, boolean bundledPrometheus,
		List<String> monitoringWhitelist, String initialRootPassword, Map<String, String> settings) {

	static final String PATH = "/etc/gitlab/gitlab.rb";

	/** Omnibus's default allow-list for the health and metrics endpoints. */
	static final List<String> DEFAULT_WHITELIST = List.of("127.0.0.0/8", "::1/128");

	private static final Pattern FILE_READ = Pattern.compile("File\\.read\\('([^']+)'\\)\\.strip");

	private static final Pattern CALL = Pattern.compile("([a-z_]+)\\s+(.+)");

	private static final Pattern ASSIGN = Pattern.compile("([a-z_]+)((?:\\['[a-z_]+'])+)\\s*=\\s*(.+)");

	private static final Pattern VALUE = Pattern.compile(
			"File\\.read\\('[^']+'\\)\\.strip|'[^'\\\\]*'|\"[^\"\\\\]*\"|true|false|nil|-?\\d+|\\[\\s*\\]|\\[\\s*(?:('[^']*'|\"[^\"]*\"|-?\\d+)\\s*,?\\s*)+\\]");

	/** A gitlab.rb that does not parse: what Omnibus says, with the line. */
	static final class Invalid extends Exception {

		Invalid(String message) {
			super(message);
		}

	}

	static GitlabRb parse(String text) throws Invalid {
		Map<String, String> settings = new LinkedHashMap<>();
		List<String> lines = text.lines().toList();
		for (int i = 0; i < lines.size(); i++) {
			int lineNo = i + 1;
			StringBuilder statement = new StringBuilder(strip(lines.get(i)));
			while (open(statement) && i + 1 < lines.size()) {
				statement.append(' ').append(strip(lines.get(++i)));
			}
			String line = statement.toString().strip();
			if (line.isEmpty()) {
				continue;
			}
			Matcher assign = ASSIGN.matcher(line);
			Matcher call = CALL.matcher(line);
			if (assign.matches() && VALUE.matcher(assign.group(3).strip()).matches()) {
				settings.put(assign.group(1) + assign.group(2), assign.group(3).strip());
			}
			else if (call.matches() && VALUE.matcher(call.group(2).strip()).matches()) {
				settings.put(call.group(1), call.group(2).strip());
			}
			else {
				throw new Invalid(PATH + ":" + lineNo + ": syntax error, unexpected input near '" + line + "'");
			}
		}
		String externalUrl = string(settings.get("external_url"));
		if (externalUrl == null || !externalUrl.matches("https?://[^/\\s]+/?.*")) {
			throw new Invalid("GitLab external URL must include a schema and FQDN, e.g. http://gitlab.example.com/");
		}
		String registry = string(settings.get("registry_external_url"));
		if (registry != null && !registry.matches("https?://[^/\\s]+/?.*")) {
			throw new Invalid(
					"Registry external URL must include a schema and FQDN, e.g. https://registry.example.com/");
		}
		// off with prometheus_monitoring['enable'] = false (exporters too) or
		// prometheus['enable'] = false (the bundled server only)
		String prometheus = "false".equals(settings.get("prometheus['enable']")) ? "false"
				: settings.get("prometheus_monitoring['enable']");
		String whitelist = settings.get("gitlab_rails['monitoring_whitelist']");
		return new GitlabRb(externalUrl, registry, !"false".equals(prometheus),
				(whitelist != null) ? strings(whitelist) : DEFAULT_WHITELIST,
				string(settings.get("gitlab_rails['initial_root_password']")), Map.copyOf(settings));
	}

	/**
	 * The files gitlab.rb reads ({@code File.read('…').strip}, e.g. an external
	 * database's password): reconfigure fails without them, as Ruby does.
	 */
	List<String> filesRead() {
		List<String> files = new ArrayList<>();
		Matcher read = FILE_READ.matcher(String.join("\n", this.settings.values()));
		while (read.find()) {
			files.add(read.group(1));
		}
		return files;
	}

	/** Whether a client at {@code address} may see the health and metrics endpoints. */
	boolean monitors(InetAddress address) {
		return this.monitoringWhitelist.stream().anyMatch(cidr -> inside(address, cidr));
	}

	static boolean inside(InetAddress address, String cidr) {
		String[] parts = cidr.split("/");
		try {
			byte[] network = InetAddress.getByName(parts[0]).getAddress();
			byte[] client = address.getAddress();
			if (network.length != client.length) {
				return false;
			}
			int bits = (parts.length > 1) ? Integer.parseInt(parts[1]) : network.length * 8;
			for (int bit = 0; bit < bits; bit++) {
				int mask = 0x80 >> (bit % 8);
				if ((network[bit / 8] & mask) != (client[bit / 8] & mask)) {
					return false;
				}
			}
			return true;
		}
		catch (UnknownHostException | NumberFormatException ex) {
			return false;
		}
	}

	/** The host of {@code external_url}, e.g. {@code gitlab.homelab.lan}. */
	String host() {
		return URI.create(this.externalUrl).getHost();
	}

	private static String strip(String line) {
		boolean quoted = false;
		char quote = 0;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted && c == quote) {
				quoted = false;
			}
			else if (!quoted && (c == '\'' || c == '"')) {
				quoted = true;
				quote = c;
			}
			else if (!quoted && c == '#') {
				return line.substring(0, i);
			}
		}
		return line;
	}

	private static boolean open(CharSequence statement) {
		long opened = statement.chars().filter(c -> c == '[').count();
		long closed = statement.chars().filter(c -> c == ']').count();
		return opened > closed;
	}

	private static String string(String value) {
		if (value == null || value.length() < 2 || !(value.startsWith("'") || value.startsWith("\""))) {
			return null;
		}
		return value.substring(1, value.length() - 1);
	}

	private static List<String> strings(String array) {
		List<String> values = new ArrayList<>();
		Matcher item = Pattern.compile("'([^']*)'|\"([^\"]*)\"").matcher(array);
		while (item.find()) {
			values.add((item.group(1) != null) ? item.group(1) : item.group(2));
		}
		return List.copyOf(values);
	}

}
