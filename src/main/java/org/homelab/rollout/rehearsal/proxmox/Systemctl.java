package org.homelab.rollout.rehearsal.proxmox;

import java.util.List;
import java.util.Set;

import org.homelab.rollout.rehearsal.GuestCommand.Result;

/**
 * systemctl over the guest's set of active units; "enable --now" starts, is-active
 * answers as systemd does.
 */
final class Systemctl {

	private Systemctl() {
	}

	static Result run(List<String> args, Vm vm) {
		Set<String> services = vm.services;
		List<String> rest = args.stream().filter(a -> !a.startsWith("-")).toList();
		if (rest.isEmpty()) {
			return Result.ok("");
		}
		boolean now = args.contains("--now");
		List<String> units = rest.subList(1, rest.size()).stream().map(u -> u.replaceFirst("\\.service$", "")).toList();
		switch (rest.get(0)) {
			case "start", "restart", "reload" -> services.addAll(units);
			case "enable" -> {
				vm.enabled.addAll(units);
				if (now) {
					services.addAll(units);
				}
			}
			case "stop" -> services.removeAll(units);
			case "disable" -> {
				vm.enabled.removeAll(units);
				if (now) {
					services.removeAll(units);
				}
			}
			case "is-enabled" -> {
				return vm.enabled.containsAll(units) && !units.isEmpty() ? Result.ok("enabled\n")
						: new Result(1, "disabled\n", "", null);
			}
			case "is-active", "status" -> {
				boolean active = !units.isEmpty() && services.containsAll(units);
				return active ? Result.ok(rest.get(0).equals("status") ? "Active: active (running)\n" : "active\n")
						: new Result(3, "inactive\n", "", null);
			}
			default -> {
				// daemon-reload, mask...: nothing to track
			}
		}
		return Result.ok("");
	}

}
