package org.homelab.rollout.rehearsal.proxmox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A guest's firewall as pve-firewall's API keeps it: list, create and delete rules, read
 * and set options. As in PVE these calls read and write the guest's firewall file by VMID
 * only (they never look for the guest's config), a new rule goes to position 0
 * ({@code pos} and {@code digest} of a create are accepted and ignored), and a delete or
 * an options change with a digest that no longer matches is refused.
 */
final class FirewallRoutes {

	private static final String RULES = "/nodes/{node}/qemu/{vmid}/firewall/rules";

	private static final String OPTIONS = "/nodes/{node}/qemu/{vmid}/firewall/options";

	/** The rule keys a create copies into the rule (copy_rule_data). */
	private static final List<String> RULE_KEYS = List.of("type", "action", "macro", "iface", "source", "dest", "proto",
			"dport", "sport", "icmp-type", "log", "comment", "enable");

	/** The options of a guest's firewall (vm_option_properties). */
	private static final Set<String> OPTION_KEYS = Set.of("enable", "dhcp", "ipfilter", "macfilter", "ndp", "radv",
			"policy_in", "policy_out", "log_level_in", "log_level_out");

	/** Options PVE reports as JSON numbers; the rest are strings. */
	private static final Set<String> NUMERIC = Set.of("enable", "dhcp", "ipfilter", "macfilter", "ndp", "radv",
			"ipversion");

	private static final Set<String> WITH_PORTS = Set.of("tcp", "udp", "6", "17", "udplite", "136", "sctp", "132",
			"dccp", "33");

	private static final String MODIFIED = "detected modified configuration - file changed by other user? Try again.";

	private final LabState state;

	FirewallRoutes(LabState state) {
		this.state = state;
	}

	void register(Router router) {
		router.add("GET", RULES, "api", this::rules)
			.add("POST", RULES, "firewall", this::create)
			.add("DELETE", RULES + "/{pos}", "firewall", this::delete)
			.add("GET", OPTIONS, "api", this::options)
			.add("PUT", OPTIONS, "firewall", this::setOptions);
	}

	private List<Map<String, Object>> rules(ApiRequest request) {
		VmFirewall firewall = this.state.firewall(request.vmid());
		String digest = firewall.rulesDigest();
		List<Map<String, Object>> list = new ArrayList<>();
		for (int pos = 0; pos < firewall.rules.size(); pos++) {
			Map<String, Object> rule = json(firewall.rules.get(pos));
			rule.put("pos", pos);
			rule.put("digest", digest);
			list.add(rule);
		}
		return list;
	}

	private Object create(ApiRequest request) {
		Map<String, String> rule = new TreeMap<>();
		for (String key : RULE_KEYS) {
			if (request.has(key)) {
				rule.put(key, request.param(key));
			}
		}
		verify(rule);
		rule.putIfAbsent("enable", "0"); // a rule created without 'enable' is disabled
		String address = rule.getOrDefault("source", rule.get("dest"));
		if (address != null) {
			rule.put("ipversion", address.contains(":") ? "6" : "4");
		}
		this.state.firewall(request.vmid()).rules.add(0, rule);
		return null;
	}

	/** verify_rule's checks that matter here; its errors are parameter errors (400). */
	private static void verify(Map<String, String> rule) {
		if (!rule.containsKey("type") || !rule.containsKey("action")) {
			// reached only without the schema, which refuses this before any handler
			throw PveError.parameters(
					Map.of(rule.containsKey("type") ? "action" : "type", "property is missing and it is not optional"));
		}
		String type = rule.get("type");
		if (type.equals("group") || type.equals("forward")) {
			throw new PveError(501, "rule type '" + type + "' (not simulated by the rehearsal lab)", Map.of());
		}
		Map<String, String> errors = new LinkedHashMap<>();
		if (!rule.get("action").matches("ACCEPT|DROP|REJECT")) {
			errors.put("action", "unknown action '" + rule.get("action") + "'");
		}
		String proto = rule.get("proto");
		if (rule.containsKey("dport") || rule.containsKey("sport")) {
			if (proto == null) {
				errors.put("proto", "missing property - '" + (rule.containsKey("dport") ? "dport" : "sport")
						+ "' requires this property");
			}
			else if (!WITH_PORTS.contains(proto)) {
				errors.put(rule.containsKey("dport") ? "dport" : "sport",
						"protocol '" + proto + "' does not support ports");
			}
		}
		if (!errors.isEmpty()) {
			throw PveError.parameters(errors);
		}
	}

	private Object delete(ApiRequest request) {
		VmFirewall firewall = this.state.firewall(request.vmid());
		String digest = request.param("digest");
		if (digest != null && !digest.equals(firewall.rulesDigest())) {
			throw PveError.failed(MODIFIED);
		}
		int pos = Integer.parseInt(request.param("pos"));
		if (pos >= firewall.rules.size()) {
			throw PveError.failed("no rule at position " + pos);
		}
		firewall.rules.remove(pos);
		return null;
	}

	private Map<String, Object> options(ApiRequest request) {
		VmFirewall firewall = this.state.firewall(request.vmid());
		Map<String, Object> options = json(firewall.options);
		options.put("digest", firewall.optionsDigest());
		return options;
	}

	private Object setOptions(ApiRequest request) {
		VmFirewall firewall = this.state.firewall(request.vmid());
		String digest = request.param("digest");
		if (digest != null && !digest.equals(firewall.optionsDigest())) {
			throw PveError.failed(MODIFIED);
		}
		for (String option : request.param("delete", "").split("[,;\\s]+")) {
			if (!option.isEmpty() && !OPTION_KEYS.contains(option)) {
				throw PveError.parameters(Map.of("delete", "no such option '" + option + "'"));
			}
			firewall.options.remove(option);
		}
		for (String option : OPTION_KEYS) {
			if (request.has(option)) {
				firewall.options.put(option, request.param(option));
			}
		}
		return null;
	}

	private static Map<String, Object> json(Map<String, String> values) {
		Map<String, Object> json = new LinkedHashMap<>();
		values.forEach((key, value) -> json.put(key,
				NUMERIC.contains(key) && value.matches("\\d+") ? (Object) Integer.parseInt(value) : value));
		return json;
	}

}
