package org.homelab.rollout.sops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What would make a commit unsafe to push: every plaintext secret in its files. The
 * rollout commits nothing that holds one (docs/secrets-in-git.md); this is the proof, run
 * on each commit before it is made. It finds Kubernetes {@code Secret} manifests carrying
 * {@code data}/{@code stringData} (secrets reach K3s only as ExternalSecret references),
 * PEM and age private keys, well-known token shapes, and values of keys named like a
 * password, secret, token or key that are not SOPS-encrypted ({@code ENC[…]}), not a
 * Vault path or reference, not templating, and not an empty or placeholder value. A
 * SOPS-encrypted file passes: its values are {@code ENC[…]}.
 */
public final class CommitScan {

	private record Shape(String what, Pattern pattern, int publicPrefix) {
	}

	private static final List<Shape> SHAPES = List.of(
			new Shape("a PEM private key", Pattern.compile("-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----"), 11),
			new Shape("an age identity (secret key)", Pattern.compile("AGE-SECRET-KEY-1[0-9A-Z]{50,}"), 15),
			new Shape("a GitLab access token", Pattern.compile("\\bgl(pat|ptt|dt|oas|cbt|ft)-[0-9A-Za-z_.\\-]{20,}"),
					6),
			new Shape("a GitLab runner token",
					Pattern.compile("\\b(glrt-[0-9A-Za-z_.\\-]{20,}|GR1348941[0-9A-Za-z_\\-]{20,})"), 5),
			new Shape("a Vault token", Pattern.compile("\\bhv[sbr]\\.[0-9A-Za-z_\\-]{24,}"), 4),
			new Shape("a Vault token (legacy s.)",
					Pattern.compile(
							"(?<![\\w.\\-/])s\\.(?=[0-9a-z]*[A-Z])(?=[0-9A-Za-z]*[0-9])[0-9A-Za-z]{24}(?![\\w.])"),
					2),
			new Shape("an AWS access key id", Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"), 4),
			new Shape("a JSON Web Token",
					Pattern.compile("\\beyJ[0-9A-Za-z_\\-]{8,}\\.eyJ[0-9A-Za-z_\\-]{8,}\\.[0-9A-Za-z_\\-]{16,}"), 3),
			new Shape("a Grafana service account token", Pattern.compile("\\bglsa_[0-9A-Za-z]{32}_[0-9a-f]{8}\\b"), 5));

	// key: value (YAML), "key": "value" (JSON), KEY=value (env, properties, ENV in a
	// Dockerfile), key = "value" (HCL, TOML); a colon only counts before a blank (URLs)
	private static final Pattern ASSIGNMENT = Pattern.compile(
			"^\\s*(?:-\\s+)?(?:export\\s+|ENV\\s+)?[\"']?([A-Za-z_][A-Za-z0-9_.\\-]*)[\"']?\\s*(?::(?=\\s|$)|=)\\s*(.*?)\\s*$");

	// names that hold a secret: the word is the end of the name (runnerToken,
	// DB_PASSWORD,
	// client_secret, api-key); a bare "secret" or "key" names a Secret or a lookup key
	private static final Pattern SECRET_NAME = Pattern.compile(
			"(?i).*(password|passwd|pwd|passphrase|token|credentials?|.[_-]?secret|(api|secret|private|access|encryption|signing|master|ssh|auth|session|shared|root|unseal)[_-]?key)");

	// Helm's convention for the name of a Secret that exists already
	private static final Pattern REFERENCE_NAME = Pattern.compile("(?i)existing[_-]?secret.*");

	private static final Pattern REFERENCE_VALUE = Pattern.compile("(?s)(ENC\\[AES256_GCM,.*|vault:.*|ref\\+\\w+://.*"
			+ "|<path:.*|!vault\\b.*|secret/.+|[a-z0-9_\\-]+(/[a-z0-9_.\\-]+)+|/[\\w.\\-/]+|\\$[A-Z_][A-Z0-9_]*"
			+ "|.*\\$\\{[^}]+}.*|.*\\{\\{.*}}.*|.*\\$\\(.+\\).*)");

	private static final Pattern PLACEHOLDER = Pattern
		.compile("(?i)(|~|null|none|true|false|change[_\\-]?me|replace[_\\-]?me|todo|tbd|redacted"
				+ "|placeholder|example|dummy|x{3,}|\\*{3,}|\\.{3}|…|<[^>]*>|your[_\\-].*|\\[\\]|\\{})");

	private static final Pattern BLOCK_SCALAR = Pattern.compile("[|>][+\\-]?\\d*");

	private static final Pattern KIND = Pattern.compile("^kind:\\s*[\"']?(\\w+)[\"']?\\s*$");

	private static final Pattern SECRET_DATA = Pattern.compile("^(data|stringData):\\s*(.*?)\\s*$");

	private static final Pattern ESO_KINDS = Pattern
		.compile("ExternalSecret|ClusterExternalSecret|PushSecret|SecretStore|ClusterSecretStore");

	/** Every finding in a commit's files (path → content), in path and line order. */
	public List<CommitFinding> findings(Map<String, String> files) {
		List<CommitFinding> found = new ArrayList<>();
		files.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach(file -> found.addAll(findings(file.getKey(), file.getValue())));
		return found;
	}

	/** The findings in one file. */
	public List<CommitFinding> findings(String path, String content) {
		List<CommitFinding> found = new ArrayList<>();
		String[] lines = content.split("\r?\n", -1);
		String kind = null;
		boolean inSecretData = false;
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			if (line.startsWith("---")) {
				kind = null;
				inSecretData = false;
			}
			Matcher kindLine = KIND.matcher(line);
			if (kindLine.matches()) {
				kind = kindLine.group(1);
			}
			shapes(path, i + 1, line, found);
			if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
				inSecretData = false;
			}
			Matcher data = SECRET_DATA.matcher(line);
			if (data.matches() && secretKind(lines, i, kind)) {
				inSecretData = true;
				String flow = data.group(2);
				if (!flow.isEmpty() && !flow.equals("{}") && !flow.contains("ENC[AES256_GCM")) {
					found.add(secretData(path, i + 1, data.group(1), flow));
				}
				continue;
			}
			Matcher assignment = ASSIGNMENT.matcher(line);
			if (!assignment.matches()) {
				continue;
			}
			String key = assignment.group(1);
			int at = i;
			String value = value(assignment.group(2));
			if (BLOCK_SCALAR.matcher(value).matches()) {
				// the value is on the next lines: judge its first
				while (at + 1 < lines.length && lines[at + 1].isBlank()) {
					at++;
				}
				value = (at + 1 < lines.length) ? lines[++at].strip() : "";
			}
			if (inSecretData && !value.isEmpty() && !value.startsWith("ENC[AES256_GCM,")) {
				found.add(secretData(path, at + 1, key, value));
			}
			else if (!inSecretData && !ESO_KINDS.matcher(String.valueOf(kind)).matches()
					&& plaintextSecret(key, value)) {
				found.add(new CommitFinding(path, at + 1, "the value of '" + key + "' is a plaintext secret: keep it in"
						+ " Vault and reference its path, or encrypt the file with SOPS (docs/secrets-in-git.md)",
						CommitFinding.mask(value, 0)));
			}
		}
		return found;
	}

	private static void shapes(String path, int line, String text, List<CommitFinding> found) {
		for (Shape shape : SHAPES) {
			Matcher matcher = shape.pattern().matcher(text);
			while (matcher.find()) {
				found.add(new CommitFinding(path, line,
						"it holds " + shape.what() + ": it belongs in Vault, never in Git",
						CommitFinding.mask(matcher.group(), shape.publicPrefix())));
			}
		}
	}

	// kind may come after data in a manifest: look ahead in the document too
	private static boolean secretKind(String[] lines, int from, String kindSoFar) {
		if (kindSoFar != null) {
			return kindSoFar.equals("Secret");
		}
		for (int i = from + 1; i < lines.length && !lines[i].startsWith("---"); i++) {
			Matcher kind = KIND.matcher(lines[i]);
			if (kind.matches()) {
				return kind.group(1).equals("Secret");
			}
		}
		return false;
	}

	private static CommitFinding secretData(String path, int line, String key, String value) {
		return new CommitFinding(path, line, "a Kubernetes Secret carries '" + key + "': the rollout delivers secrets"
				+ " to K3s only as ExternalSecret references to Vault", CommitFinding.mask(value, 0));
	}

	private static boolean plaintextSecret(String key, String value) {
		return SECRET_NAME.matcher(key).matches() && !REFERENCE_NAME.matcher(key).matches()
				&& !REFERENCE_VALUE.matcher(value).matches() && !PLACEHOLDER.matcher(value).matches()
				&& !value.startsWith("{") && !value.startsWith("[") && !value.startsWith("*") && !value.startsWith("&");
	}

	// the value without quotes, a trailing JSON comma or HCL semicolon, or a YAML comment
	private static String value(String raw) {
		String value = raw;
		if (value.endsWith(",") || value.endsWith(";")) {
			value = value.substring(0, value.length() - 1).strip();
		}
		if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
			int end = value.indexOf(value.charAt(0), 1);
			return (end > 0) ? value.substring(1, end) : value.substring(1);
		}
		int comment = value.indexOf(" #");
		return ((comment >= 0) ? value.substring(0, comment) : value).strip();
	}

}
