package org.homelab.rollout.rehearsal.frontdoor;

import java.util.List;
import java.util.Map;

import org.homelab.rollout.rehearsal.GuestCommand.Result;

/**
 * The frontend's command lines for its two units, answered as Debian's nginx 1.22,
 * Authelia 4.38 and systemd answer them.
 */
final class FrontdoorUnits {

	static final String AUTHELIA_VERSION = "v4.38.17";

	private FrontdoorUnits() {
	}

	static Result systemctl(List<String> args, Map<String, byte[]> files, NginxService nginx,
			SimulatedAuthelia authelia) {
		List<String> words = args.stream().filter(a -> !a.startsWith("-")).toList();
		String verb = words.isEmpty() ? "" : words.get(0);
		String unit = FrontdoorLab.unit(args.get(args.size() - 1));
		boolean now = args.contains("--now");
		if (unit.equals("nginx")) {
			return switch (verb) {
				case "start" -> nginx.start(files);
				case "enable" -> now ? nginx.start(files) : Result.ok("");
				case "restart" -> nginx.restart(files);
				case "reload", "reload-or-restart", "try-reload-or-restart" -> nginx.running() ? nginx.reload(files)
						: (verb.equals("reload") ? nginx.reload(files) : nginx.start(files));
				case "stop" -> stopped(nginx::stop);
				case "disable" -> now ? stopped(nginx::stop) : Result.ok("");
				case "is-active", "status" -> state(verb, nginx.running(), false, "nginx");
				default -> Result.ok("");
			};
		}
		String config = FrontdoorLab.text(files, FrontendSeed.AUTHELIA_CONF);
		return switch (verb) {
			case "start" -> authelia.active() ? Result.ok("") : authelia.restart(config);
			case "enable" -> (now && !authelia.active()) ? authelia.restart(config) : Result.ok("");
			case "restart", "reload-or-restart", "try-restart" -> authelia.restart(config);
			case "reload" -> Result.fail(1,
					"Failed to reload authelia.service: Job type reload is not applicable for unit authelia.service.\n");
			case "stop" -> stopped(authelia::stop);
			case "disable" -> now ? stopped(authelia::stop) : Result.ok("");
			case "is-active", "status" -> state(verb, authelia.active(), authelia.failed(), "authelia");
			default -> Result.ok("");
		};
	}

	static Result nginx(List<String> args, Map<String, byte[]> files, NginxService nginx) {
		if (args.contains("-v") || args.contains("-V")) {
			return new Result(0, "", "nginx version: nginx/1.22.1\n", null);
		}
		if (args.contains("-t") || args.contains("-T")) {
			return nginx.test(files, args.contains("-q"));
		}
		int signal = args.indexOf("-s");
		if (signal >= 0 && signal + 1 < args.size()) {
			String name = args.get(signal + 1);
			if (name.equals("reload")) {
				Result reloaded = nginx.reload(files);
				return (reloaded.exitCode() == 0) ? reloaded : nginx.test(files, true);
			}
			nginx.stop();
			return Result.ok("");
		}
		return nginx.start(files);
	}

	static Result authelia(List<String> args, Map<String, byte[]> files, SimulatedAuthelia authelia) {
		if (args.contains("--version") || args.contains("-v")) {
			return Result.ok("authelia version " + AUTHELIA_VERSION + "\n");
		}
		boolean validate = (!args.isEmpty() && args.get(0).equals("validate-config"))
				|| (args.size() > 1 && args.get(0).equals("config") && args.get(1).equals("validate"));
		if (!validate) {
			return Result.fail(1, "Error: the rehearsal lab's authelia knows only validate-config\n");
		}
		String path = "/etc/authelia/configuration.yml";
		for (int i = 0; i < args.size(); i++) {
			if ((args.get(i).equals("--config") || args.get(i).equals("-c")) && i + 1 < args.size()) {
				path = args.get(i + 1);
			}
			else if (args.get(i).startsWith("--config=")) {
				path = args.get(i).substring("--config=".length());
			}
		}
		String yaml = FrontdoorLab.text(files, path);
		if (yaml == null) {
			return new Result(1, "Configuration parsed and loaded with errors:\n\n\t - configuration key not expected:"
					+ " could not load the provided file '" + path + "': file does not exist\n", "", null);
		}
		return authelia.validate(yaml);
	}

	private static Result stopped(Runnable stop) {
		stop.run();
		return Result.ok("");
	}

	private static Result state(String verb, boolean active, boolean failed, String unit) {
		String state = active ? "active" : (failed ? "failed" : "inactive");
		if (verb.equals("status")) {
			String line = "● " + unit + ".service\n     Active: " + state + (active ? " (running)" : "") + "\n";
			return new Result(active ? 0 : 3, line, "", null);
		}
		return new Result(active ? 0 : 3, state + "\n", "", null);
	}

}
