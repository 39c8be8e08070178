package org.homelab.rollout.rehearsal.proxmox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * network-get-interfaces as qemu-ga reports it: lo, then eth0 with the static or
 * DHCP-leased address.
 */
final class Interfaces {

	private Interfaces() {
	}

	static List<Map<String, Object>> of(LabState state, Vm vm) {
		List<Map<String, Object>> interfaces = new ArrayList<>();
		interfaces.add(iface("lo", "00:00:00:00:00:00",
				List.of(address("127.0.0.1", "ipv4", 8), address("::1", "ipv6", 128))));
		List<Map<String, Object>> addresses = new ArrayList<>();
		String ipv4 = state.address(vm);
		if (ipv4 != null) {
			addresses.add(address(ipv4, "ipv4", prefix(vm)));
		}
		String mac = vm.mac().toLowerCase();
		addresses.add(address("fe80::" + mac.substring(0, 5).replace(":", "") + ":"
				+ mac.substring(6, 11).replace(":", "") + ":" + mac.substring(12).replace(":", ""), "ipv6", 64));
		interfaces.add(iface("eth0", mac, addresses));
		return interfaces;
	}

	private static int prefix(Vm vm) {
		String config = vm.config.getOrDefault("ipconfig0", "");
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("ip=[\\d.]+/(\\d+)").matcher(config);
		return m.find() ? Integer.parseInt(m.group(1)) : 24;
	}

	private static Map<String, Object> iface(String name, String mac, List<Map<String, Object>> addresses) {
		Map<String, Object> iface = new LinkedHashMap<>();
		iface.put("name", name);
		iface.put("hardware-address", mac);
		iface.put("ip-addresses", addresses);
		iface.put("statistics", Map.of("rx-bytes", 1024, "rx-packets", 12, "rx-errs", 0, "rx-dropped", 0, "tx-bytes",
				2048, "tx-packets", 14, "tx-errs", 0, "tx-dropped", 0));
		return iface;
	}

	private static Map<String, Object> address(String ip, String type, int prefix) {
		return Map.of("ip-address", ip, "ip-address-type", type, "prefix", prefix);
	}

}
