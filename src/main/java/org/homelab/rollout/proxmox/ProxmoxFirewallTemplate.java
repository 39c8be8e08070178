package org.homelab.rollout.proxmox;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

final class ProxmoxFirewallTemplate implements ProxmoxFirewallOperations {

	private final ProxmoxHttp http;

	private final String node;

	ProxmoxFirewallTemplate(ProxmoxHttp http, String node) {
		this.http = http;
		this.node = node;
	}

	@Override
	public FirewallRules rules(int vmid) {
		List<FirewallRule> rules = new ArrayList<>();
		String digest = null;
		for (JsonNode rule : this.http.get(new Form(), vm(vmid, "firewall", "rules"))) {
			rules.add(new FirewallRule(rule.path("type").asText(), rule.path("action").asText(), text(rule, "proto"),
					text(rule, "dport"), text(rule, "source"), text(rule, "comment"), rule.path("enable").asInt() == 1,
					rule.path("pos").asInt()));
			digest = rule.path("digest").asText(null);
		}
		return new FirewallRules(rules, digest);
	}

	@Override
	public void create(int vmid, FirewallRule rule) {
		this.http.post(rule.form(), vm(vmid, "firewall", "rules"));
	}

	@Override
	public boolean ensure(int vmid, FirewallRule rule) {
		if (rules(vmid).rules().stream().anyMatch(rule::sameAs)) {
			return false;
		}
		create(vmid, rule);
		return true;
	}

	@Override
	public void delete(int vmid, int pos, String digest) {
		this.http.delete(new Form().add("digest", digest), vm(vmid, "firewall", "rules", String.valueOf(pos)));
	}

	/**
	 * From the last match up, re-reading after each delete: positions below a deleted
	 * rule shift, so each delete goes by a fresh list and its digest.
	 */
	@Override
	public int deleteAll(int vmid, Predicate<FirewallRule> which) {
		int deleted = 0;
		while (true) {
			FirewallRules current = rules(vmid);
			List<FirewallRule> matching = current.rules().stream().filter(which).toList();
			if (matching.isEmpty()) {
				return deleted;
			}
			delete(vmid, matching.get(matching.size() - 1).pos(), current.digest());
			deleted++;
		}
	}

	@Override
	public FirewallOptions options(int vmid) {
		JsonNode options = this.http.get(new Form(), vm(vmid, "firewall", "options"));
		return new FirewallOptions(options.path("enable").asInt() == 1, options.path("policy_in").asText("DROP"),
				options.path("policy_out").asText("ACCEPT"), options.path("digest").asText(null));
	}

	@Override
	public void setOptions(int vmid, boolean enabled, String policyIn, String policyOut) {
		Form form = new Form().add("enable", enabled).add("policy_in", policyIn).add("policy_out", policyOut);
		this.http.put(form, vm(vmid, "firewall", "options"));
	}

	/**
	 * Sends the device's whole value back with the config's digest, so a concurrent
	 * change to the config is refused rather than overwritten.
	 */
	@Override
	public boolean enableOnDevice(int vmid, String device) {
		JsonNode config = this.http.get(new Form(), vm(vmid, "config"));
		String value = config.path(device).asText(null);
		if (value == null) {
			throw new IllegalArgumentException("VM " + vmid + " has no network device " + device);
		}
		String updated = withFirewall(value);
		if (updated.equals(value)) {
			return false;
		}
		Form form = new Form().add(device, updated).add("digest", config.path("digest").asText(null));
		this.http.put(form, vm(vmid, "config"));
		return true;
	}

	/** {@code virtio=...,bridge=vmbr0} with {@code firewall=1}, other options kept. */
	static String withFirewall(String net) {
		List<String> parts = new ArrayList<>();
		boolean set = false;
		for (String part : net.split(",")) {
			if (part.startsWith("firewall=")) {
				parts.add("firewall=1");
				set = true;
			}
			else {
				parts.add(part);
			}
		}
		if (!set) {
			parts.add("firewall=1");
		}
		return String.join(",", parts);
	}

	private static String text(JsonNode rule, String name) {
		return rule.path(name).asText(null);
	}

	private String[] vm(int vmid, String... rest) {
		String[] segments = new String[4 + rest.length];
		segments[0] = "nodes";
		segments[1] = this.node;
		segments[2] = "qemu";
		segments[3] = String.valueOf(vmid);
		System.arraycopy(rest, 0, segments, 4, rest.length);
		return segments;
	}

}
