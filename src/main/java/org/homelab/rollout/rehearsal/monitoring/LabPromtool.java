package org.homelab.rollout.rehearsal.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.homelab.rollout.rehearsal.GuestCommand.Guest;
import org.homelab.rollout.rehearsal.GuestCommand.Result;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code promtool check config} and {@code promtool test rules} in a VM with the
 * prometheus package: the real /usr/bin/promtool of the lab's host on a copy of the VM's
 * /etc/prometheus where it is installed; else a simulation that says so and checks only
 * what it can without evaluating rules (files present, YAML, tested alerts defined).
 */
final class LabPromtool {

	static final Path PROMTOOL = Path.of("/usr/bin/promtool");

	/** A VM's promtool ends long before; a hung one must not hold the agent's exec. */
	private static final long TIMEOUT_SECONDS = 30;

	private final Path labDir;

	private final Path promtool;

	LabPromtool(Path labDir, Path promtool) {
		this.labDir = labDir;
		this.promtool = promtool;
	}

	Result run(Guest guest, List<String> args) {
		if (!guest.files().containsKey(PrometheusService.BINARY.toString())) {
			return Result.fail(127, "sh: 1: promtool: not found (the prometheus package is not installed)\n");
		}
		boolean check = args.size() == 3 && args.get(0).equals("check") && args.get(1).equals("config");
		boolean test = args.size() >= 3 && args.get(0).equals("test") && args.get(1).equals("rules");
		List<String> files = args.subList(2, args.size());
		if (!(check || test) || !files.stream().allMatch(f -> f.startsWith(PrometheusService.ETC + "/"))) {
			return Result.fail(1, "promtool (lab): only 'check config' and 'test rules' on files in "
					+ PrometheusService.ETC + " are simulated\n");
		}
		Path copy = this.labDir.resolve("promtool-" + guest.vmid());
		GuestFiles.copy(GuestFiles.under(guest.files(), PrometheusService.ETC), copy);
		List<String> relative = files.stream().map(f -> f.substring(PrometheusService.ETC.length() + 1)).toList();
		if (Files.isExecutable(this.promtool)) {
			// the files are copied under the lab's lock; the tool (seconds for the rule
			// tests) runs with it released, as a guest's process runs apart from pveproxy
			try {
				return guest.outsideLab(() -> real(this.promtool, copy, args.subList(0, 2), relative));
			}
			catch (Exception ex) {
				return Result.fail(1, "promtool: " + ex.getMessage() + "\n");
			}
		}
		return check ? simulatedCheck(copy, relative.get(0)) : simulatedTest(copy, relative);
	}

	/**
	 * Output goes to a file, so a full pipe never blocks the tool and the timeout can
	 * fire.
	 */
	private static Result real(Path promtool, Path dir, List<String> verb, List<String> files) {
		List<String> command = new ArrayList<>(List.of(promtool.toString()));
		command.addAll(verb);
		command.addAll(files);
		Path log = dir.resolveSibling(dir.getFileName() + ".out");
		try {
			Process process = new ProcessBuilder(command).directory(dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return Result.fail(124, "promtool did not finish in " + TIMEOUT_SECONDS + " s\n");
			}
			String output = Files.readString(log, StandardCharsets.UTF_8);
			return (process.exitValue() == 0) ? Result.ok(output) : new Result(process.exitValue(), "", output, null);
		}
		catch (IOException ex) {
			return Result.fail(1, "promtool: " + ex.getMessage() + "\n");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Result.fail(1, "promtool interrupted\n");
		}
	}

	private static Result simulatedCheck(Path dir, String file) {
		return Files.exists(dir.resolve(file))
				? Result.ok("SUCCESS (lab without promtool: only the file's presence was checked)\n") : Result.fail(1,
						"FAILED: open " + PrometheusService.ETC + "/" + file + ": no such file or directory\n");
	}

	/**
	 * Per test file, as promtool reports: each rule file it names is there and parses,
	 * each alert it tests exists.
	 */
	@SuppressWarnings("unchecked")
	private static Result simulatedTest(Path dir, List<String> files) {
		StringBuilder out = new StringBuilder();
		boolean failed = false;
		for (String file : files) {
			out.append("Unit Testing:  ").append(file).append('\n');
			List<String> problems = new ArrayList<>();
			try {
				Path test = dir.resolve(file);
				Map<String, Object> tests = new Yaml().load(Files.readString(test));
				List<String> defined = new ArrayList<>();
				for (Object ruleFile : (List<Object>) tests.getOrDefault("rule_files", List.of())) {
					Path rules = test.resolveSibling(String.valueOf(ruleFile));
					if (!Files.exists(rules)) {
						problems.add("rule file " + ruleFile + " not found");
						continue;
					}
					defined.addAll(alertsIn(rules));
				}
				for (Object unit : (List<Object>) tests.getOrDefault("tests", List.of())) {
					for (Object case_ : (List<Object>) ((Map<String, Object>) unit).getOrDefault("alert_rule_test",
							List.of())) {
						Object name = ((Map<String, Object>) case_).get("alertname");
						if (name != null && !defined.contains(name.toString())) {
							problems.add("alertname " + name + " is defined by no rule file");
						}
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				problems.add(ex.getClass().getSimpleName() + ": " + ex.getMessage());
			}
			failed |= !problems.isEmpty();
			out.append(problems.isEmpty()
					? "  SUCCESS (lab without promtool: rule files present and parsed, every "
							+ "tested alert defined; no rule was evaluated)\n"
					: "  FAILED:\n    " + String.join("\n    ", problems) + "\n");
		}
		return failed ? new Result(1, "", out.toString(), null) : Result.ok(out.toString());
	}

	/** The alert names a rule file defines. */
	@SuppressWarnings("unchecked")
	private static List<String> alertsIn(Path rules) throws IOException {
		Map<String, Object> loaded = new Yaml().load(Files.readString(rules));
		List<String> alerts = new ArrayList<>();
		for (Object group : (List<Object>) loaded.getOrDefault("groups", List.of())) {
			for (Object rule : (List<Object>) ((Map<String, Object>) group).getOrDefault("rules", List.of())) {
				Object alert = ((Map<String, Object>) rule).get("alert");
				if (alert != null) {
					alerts.add(alert.toString());
				}
			}
		}
		return alerts;
	}

}
