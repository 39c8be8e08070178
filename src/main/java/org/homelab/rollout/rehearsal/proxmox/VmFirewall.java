package org.homelab.rollout.rehearsal.proxmox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One guest's firewall file (/etc/pve/firewall/VMID.fw): its rules in order (position 0
 * first) and the options set in it. Like pve-firewall it keeps only what was set; the
 * defaults (firewall off, policy_in DROP, policy_out ACCEPT) apply when it is compiled.
 */
final class VmFirewall {

	/** Each rule's keys as PVE stores them, without "pos" (that is its index). */
	final List<Map<String, String>> rules = new ArrayList<>();

	final Map<String, String> options = new TreeMap<>();

	VmFirewall copy() {
		VmFirewall copy = new VmFirewall();
		this.rules.forEach(rule -> copy.rules.add(new TreeMap<>(rule)));
		copy.options.putAll(this.options);
		return copy;
	}

	/**
	 * copy_list_with_digest: SHA-1 over each rule's keys in sorted order as "key:value,",
	 * so any change to any rule or to their order changes it.
	 */
	String rulesDigest() {
		StringBuilder text = new StringBuilder();
		this.rules
			.forEach(rule -> new TreeMap<>(rule).forEach((k, v) -> text.append(k).append(':').append(v).append(',')));
		return sha1(text.toString());
	}

	/** copy_opject_with_digest: SHA-1 over the options as "key:value\n", sorted. */
	String optionsDigest() {
		StringBuilder text = new StringBuilder();
		this.options.forEach((k, v) -> text.append(k).append(':').append(v).append('\n'));
		return sha1(text.toString());
	}

	/** The view tests assert on. */
	FirewallView view() {
		List<Map<String, String>> copies = new ArrayList<>();
		this.rules.forEach(rule -> copies.add(Map.copyOf(rule)));
		return new FirewallView(List.copyOf(copies), Map.copyOf(new LinkedHashMap<>(this.options)));
	}

	private static String sha1(String text) {
		try {
			byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(sha1);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
