package org.homelab.rollout.rehearsal.ansible;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.homelab.rollout.rehearsal.GuestCommand.Result;
import org.yaml.snakeyaml.Yaml;

/**
 * One play of a playbook as the lab acts it out on hosts it cannot reach: the tasks read
 * from the playbook and its roles, each reported per host the way ansible-playbook does.
 * A task whose module changes a host (a package installed, a service started, updates
 * applied) reports "changed" until a real (not --check) run has done it on that host,
 * then "ok", so a second run reports changed=0 as the real one does when the playbook is
 * idempotent; read-only tasks report "ok"; tasks with {@code when} are skipped, since the
 * lab has no host facts to decide them. Every line of output says it is simulated.
 */
final class SimulatedPlay {

	/** Task keywords: the remaining key of a task is its module. */
	private static final Set<String> KEYWORDS = Set.of("name", "when", "register", "become", "become_user", "notify",
			"tags", "vars", "loop", "loop_control", "with_items", "changed_when", "failed_when", "ignore_errors",
			"no_log", "check_mode", "delegate_to", "run_once", "environment", "retries", "delay", "until", "args",
			"diff", "throttle", "timeout", "listen", "any_errors_fatal");

	/** Modules that only look. */
	private static final Set<String> READ_ONLY = Set.of("stat", "debug", "assert", "set_fact", "setup", "gather_facts",
			"ping", "fail", "meta", "include_vars", "wait_for", "package_facts", "service_facts", "slurp", "find");

	record Task(String label, boolean changes, boolean conditional) {
	}

	private final String name;

	private final List<String> hosts;

	private final List<Task> tasks;

	private SimulatedPlay(String name, List<String> hosts, List<Task> tasks) {
		this.name = name;
		this.hosts = hosts;
		this.tasks = tasks;
	}

	/** The hosts of each play, from the real {@code ansible-playbook --list-hosts}. */
	static List<List<String>> hostsPerPlay(String listHosts) {
		List<List<String>> plays = new ArrayList<>();
		boolean collecting = false;
		for (String line : listHosts.split("\n")) {
			String text = line.strip();
			if (text.startsWith("play #")) {
				plays.add(new ArrayList<>());
				collecting = false;
			}
			else if (text.startsWith("hosts (")) {
				collecting = true;
			}
			else if (text.isEmpty()) {
				collecting = false;
			}
			else if (collecting && !plays.isEmpty()) {
				plays.get(plays.size() - 1).add(text);
			}
		}
		return plays;
	}

	@SuppressWarnings("unchecked")
	static List<SimulatedPlay> read(Path playbook, List<List<String>> hosts) throws IOException {
		List<Object> plays = new Yaml().load(Files.readString(playbook));
		List<SimulatedPlay> read = new ArrayList<>();
		for (int i = 0; i < plays.size(); i++) {
			Map<String, Object> play = (Map<String, Object>) plays.get(i);
			List<Task> tasks = new ArrayList<>(tasks(play.get("pre_tasks"), null));
			for (Object role : (List<Object>) play.getOrDefault("roles", List.of())) {
				String roleName = (role instanceof Map<?, ?> map)
						? String.valueOf(map.containsKey("role") ? map.get("role") : map.get("name"))
						: String.valueOf(role);
				Path main = playbook.resolveSibling("roles").resolve(roleName).resolve("tasks").resolve("main.yml");
				if (Files.exists(main)) {
					tasks.addAll(tasks(new Yaml().load(Files.readString(main)), roleName));
				}
			}
			tasks.addAll(tasks(play.get("tasks"), null));
			tasks.addAll(tasks(play.get("post_tasks"), null));
			read.add(new SimulatedPlay(String.valueOf(play.getOrDefault("name", play.get("hosts"))),
					(i < hosts.size()) ? hosts.get(i) : List.of(), tasks));
		}
		return read;
	}

	@SuppressWarnings("unchecked")
	private static List<Task> tasks(Object list, String role) {
		List<Task> tasks = new ArrayList<>();
		if (!(list instanceof List<?>)) {
			return tasks;
		}
		for (Object item : (List<Object>) list) {
			Map<String, Object> task = (Map<String, Object>) item;
			String module = task.keySet().stream().filter(k -> !KEYWORDS.contains(k)).findFirst().orElse("meta");
			String label = String.valueOf(task.getOrDefault("name", module));
			tasks.add(new Task((role != null) ? role + " : " + label : label, changes(module, task),
					task.containsKey("when")));
		}
		return tasks;
	}

	private static boolean changes(String module, Map<String, Object> task) {
		String shortName = module.replaceFirst("^ansible\\.builtin\\.", "");
		if (READ_ONLY.contains(shortName)) {
			return false;
		}
		if (List.of("command", "shell", "raw").contains(shortName)) {
			return !"false".equals(String.valueOf(task.get("changed_when")));
		}
		if (List.of("apt", "package").contains(shortName) && task.get(module) instanceof Map<?, ?> args) {
			// update_cache alone reports ok, as the apt module does
			return args.containsKey("name") || args.containsKey("pkg") || args.containsKey("upgrade")
					|| args.containsKey("deb") || args.containsKey("autoremove");
		}
		return true;
	}

	/**
	 * Acts the plays out; {@code check} changes nothing; {@code fail} makes the first
	 * task on the first host fail (the lab's fault rule).
	 */
	static Result run(List<SimulatedPlay> plays, Map<String, Set<String>> converged, boolean check, boolean fail) {
		StringBuilder out = new StringBuilder();
		out.append("[rehearsal lab] SIMULATED RUN: the lab has no SSH targets. The real ansible-playbook checked the")
			.append(" syntax and resolved the hosts from the real inventory (--list-hosts); the task results below")
			.append(" are simulated")
			.append(check ? " (check mode: nothing is recorded as done)" : "")
			.append(".\n\n");
		Map<String, int[]> recap = new LinkedHashMap<>();
		boolean failing = fail;
		for (SimulatedPlay play : plays) {
			out.append("PLAY [").append(play.name).append("] ***\n\n");
			List<String> live = new ArrayList<>();
			for (String host : play.hosts) {
				int[] counts = recap.computeIfAbsent(host, h -> new int[5]);
				if (counts[3] == 0) {
					live.add(host);
				}
			}
			if (live.isEmpty()) {
				out.append("skipping: no hosts matched\n\n");
				continue;
			}
			out.append("TASK [Gathering Facts] ***\n");
			for (String host : live) {
				out.append("ok: [").append(host).append("] (simulated)\n");
				recap.get(host)[0]++;
			}
			out.append('\n');
			for (Task task : play.tasks) {
				out.append("TASK [").append(task.label()).append("] ***\n");
				for (String host : List.copyOf(live)) {
					int[] counts = recap.get(host);
					Set<String> done = converged.computeIfAbsent(host, h -> ConcurrentHashMap.newKeySet());
					String key = play.name + "/" + task.label();
					if (failing) {
						out.append("fatal: [")
							.append(host)
							.append("]: FAILED! => {\"changed\": false, \"msg\": \"rehearsal lab fault (rule")
							.append(" ansible/playbook): the task failed\"} (simulated)\n");
						counts[3]++;
						live.remove(host);
						failing = false;
					}
					else if (task.conditional()) {
						out.append("skipping: [")
							.append(host)
							.append("] (simulated: no host facts to decide 'when')\n");
						counts[4]++;
					}
					else if (task.changes() && !done.contains(key)) {
						out.append("changed: [").append(host).append("] (simulated)\n");
						counts[1]++;
						counts[0]++;
						if (!check) {
							done.add(key);
						}
					}
					else {
						out.append("ok: [").append(host).append("] (simulated)\n");
						counts[0]++;
					}
				}
				out.append('\n');
			}
		}
		out.append("PLAY RECAP (simulated) ***\n");
		boolean failed = false;
		for (Map.Entry<String, int[]> host : recap.entrySet()) {
			int[] c = host.getValue();
			failed |= c[3] > 0;
			out.append(String.format("%-26s : ok=%d    changed=%d    unreachable=0    failed=%d    skipped=%d    "
					+ "rescued=0    ignored=0%n", host.getKey(), c[0], c[1], c[3], c[4]));
		}
		return new Result(failed ? 2 : 0, out.toString(), "", null);
	}

}
