package org.homelab.rollout.sops;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * A YAML document encrypted as SOPS does (getsops/sops 3.x, its YAML store), for the age
 * recipients of the inventory: a random 256-bit data key; each value AES256-GCM with a
 * 32-byte IV and the value's key path ({@code a:b:}, list items keep their parent's path)
 * as additional data, written
 * {@code ENC[AES256_GCM,data:…,iv:…,tag:…,type:str|int|float|bool]}; empty strings and
 * nulls stay as they are; the data key wrapped for each recipient with age (armored,
 * {@code sops.age[]}); {@code lastmodified} (RFC 3339, seconds, UTC); the {@code mac}:
 * SHA-512 over every value's plaintext in document order, upper-case hex, encrypted with
 * the data key and {@code lastmodified} as additional data; and which values were left
 * plain ({@code unencrypted_suffix}, default {@code _unencrypted}, or
 * {@code encrypted_regex}). Comments are not carried over (SOPS leaves them out of the
 * MAC, so the file still verifies).
 */
public final class SopsYaml {

	/** SOPS's default: a key ending with this (and all below it) stays plain. */
	public static final String UNENCRYPTED_SUFFIX = "_unencrypted";

	/** The SOPS release whose format this writes (its source was read for it). */
	static final String FORMAT_VERSION = "3.13.2";

	private final List<AgeRecipient> recipients;

	private final Clock clock;

	private final SecureRandom random;

	public SopsYaml(List<AgeRecipient> recipients, Clock clock, SecureRandom random) {
		this.recipients = List.copyOf(recipients);
		this.clock = clock;
		this.random = random;
	}

	/** Every value encrypted except under keys ending with {@code _unencrypted}. */
	public String encrypt(String yaml) {
		return encrypt(yaml, new Rule(null));
	}

	/**
	 * Only values below a key matching {@code encryptedRegex} encrypted (e.g.
	 * {@code ^(data|stringData)$} for a Kubernetes manifest).
	 */
	public String encrypt(String yaml, Pattern encryptedRegex) {
		return encrypt(yaml, new Rule(encryptedRegex));
	}

	private String encrypt(String yaml, Rule rule) {
		if (this.recipients.isEmpty()) {
			throw new IllegalStateException(
					"no age recipient in inventory.sops.age-recipients: a file carrying a secret"
							+ " cannot be encrypted, keep it out of Git (docs/secrets-in-git.md)");
		}
		Object document;
		try {
			document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
		}
		catch (YAMLException ex) {
			// SnakeYAML's message quotes the offending line: say where only
			throw new IllegalArgumentException("not one valid YAML document"
					+ ((ex.getMessage() != null && ex.getMessage().contains("expected a single document"))
							? " (several documents: SOPS encrypts one per file here)" : ""));
		}
		if (!(document instanceof Map<?, ?> map)) {
			throw new IllegalArgumentException("SOPS encrypts a YAML mapping; this document is not one");
		}
		if (map.containsKey("sops")) {
			throw new IllegalArgumentException("the document already has a sops key: it is encrypted already");
		}
		byte[] dataKey = new byte[32];
		this.random.nextBytes(dataKey);
		MessageDigest mac = sha512();
		Object encrypted = walk(map, new ArrayList<>(), dataKey, rule, mac);
		@SuppressWarnings("unchecked")
		Map<String, Object> out = (Map<String, Object>) encrypted;
		String lastModified = DateTimeFormatter.ISO_INSTANT
			.format(this.clock.instant().truncatedTo(ChronoUnit.SECONDS));
		AgeEncryption age = new AgeEncryption(this.random);
		List<Map<String, Object>> ageKeys = new ArrayList<>();
		for (AgeRecipient recipient : this.recipients) {
			ageKeys.add(ordered("recipient", recipient.toString(), "enc",
					AgeEncryption.armor(age.encrypt(dataKey, List.of(recipient)))));
		}
		Map<String, Object> sops = ordered("age", ageKeys, "lastmodified", lastModified, "mac",
				SopsValue.of(HexFormat.of().withUpperCase().formatHex(mac.digest()), List.of("mac"))
					.encrypt(dataKey, lastModified, this.random));
		if (rule.encryptedRegex() != null) {
			sops.put("encrypted_regex", rule.encryptedRegex().pattern());
		}
		else {
			sops.put("unencrypted_suffix", UNENCRYPTED_SUFFIX);
		}
		sops.put("version", FORMAT_VERSION);
		out.put("sops", sops);
		return dump(out);
	}

	private Object walk(Object node, List<String> path, byte[] dataKey, Rule rule, MessageDigest mac) {
		if (node instanceof Map<?, ?> map) {
			Map<String, Object> out = new LinkedHashMap<>();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!(entry.getKey() instanceof String key)) {
					throw new IllegalArgumentException("SOPS supports string keys only; one below "
							+ String.join(".", path) + " is a " + entry.getKey().getClass().getSimpleName());
				}
				path.add(key);
				out.put(key, walk(entry.getValue(), path, dataKey, rule, mac));
				path.remove(path.size() - 1);
			}
			return out;
		}
		if (node instanceof List<?> list) {
			// as SOPS: list items are encrypted under their parent's path, no index
			List<Object> out = new ArrayList<>();
			list.forEach(item -> out.add(walk(item, path, dataKey, rule, mac)));
			return out;
		}
		if (node == null) {
			return null;
		}
		SopsValue value = SopsValue.of(node, path);
		mac.update(value.bytes());
		if (!rule.encrypts(path) || value.empty()) {
			return node;
		}
		return value.encrypt(dataKey, String.join(":", path) + ":", this.random);
	}

	private record Rule(Pattern encryptedRegex) {

		// sops.Tree.shouldBeEncrypted: any key on the path decides
		boolean encrypts(List<String> path) {
			if (this.encryptedRegex != null) {
				return path.stream().anyMatch(key -> this.encryptedRegex.matcher(key).find());
			}
			return path.stream().noneMatch(key -> key.endsWith(UNENCRYPTED_SUFFIX));
		}

	}

	private static Map<String, Object> ordered(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	private static MessageDigest sha512() {
		try {
			return MessageDigest.getInstance("SHA-512");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String dump(Map<String, Object> document) {
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setIndent(4);
		options.setIndicatorIndent(2);
		options.setSplitLines(false);
		return new Yaml(new LiteralBlocks(options), options).dump(document);
	}

	/** Multi-line strings (the armored keys) as {@code |} blocks, as SOPS writes them. */
	private static final class LiteralBlocks extends Representer {

		LiteralBlocks(DumperOptions options) {
			super(options);
			var strings = this.representers.get(String.class);
			this.representers.put(String.class,
					data -> ((String) data).contains("\n")
							? representScalar(Tag.STR, (String) data, DumperOptions.ScalarStyle.LITERAL)
							: strings.representData(data));
		}

	}

}
