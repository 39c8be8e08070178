package org.homelab.rollout.rehearsal.ansible;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.GuestCommand;

/**
 * Ansible on a lab VM. {@code apt-get install ansible} puts the tools into the guest;
 * {@code ansible-inventory} then runs the real one of the lab's host on a copy of what
 * the engine wrote into the guest (the project, the token's secret file, the CA), with
 * the variables the command line set, so the real community.general.proxmox plugin asks
 * the lab's Proxmox API as the engine's token; {@code ansible-playbook --syntax-check}
 * runs for real too. A playbook run cannot reach its hosts (the lab has no SSH targets):
 * the real {@code ansible-playbook --list-hosts} checks the syntax and resolves the hosts
 * from the real inventory, then {@link SimulatedPlay} reports each task per host, every
 * line saying it is simulated, and appended to the guest's {@code log_path} (ansible.cfg
 * or ANSIBLE_LOG_PATH) as ansible logs. Without the real tools on the lab's host the
 * commands fail, saying what to install. Fault rule "ansible"/"playbook": a task fails.
 */
public final class AnsibleService implements GuestCommand {

	static final Path PLAYBOOK = Path.of("/usr/bin/ansible-playbook");

	static final Path INVENTORY = Path.of("/usr/bin/ansible-inventory");

	/** Where the engine puts the inventory token's secret when no variable names one. */
	public static final String SECRET_FILE = "/etc/homelab-ansible/proxmox-token-secret";

	private static final long TIMEOUT_SECONDS = 120;

	/** Python logging's asctime, as ansible's log lines start. */
	private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

	private static final Pattern LOG_PATH = Pattern.compile("(?m)^\\s*log_path\\s*=\\s*(\\S+)\\s*$");

	private final Path labDir;

	private final FaultInjector faults;

	/**
	 * Per managed host, the tasks a (simulated) real run has brought into their state.
	 */
	private final Map<String, Set<String>> converged = new ConcurrentHashMap<>();

	public AnsibleService(Path labDir, FaultInjector faults) {
		this.labDir = labDir.toAbsolutePath().normalize();
		this.faults = faults;
	}

	/** Whether the real Ansible is installed on the lab's host. */
	public static boolean real() {
		return Files.isExecutable(PLAYBOOK) && Files.isExecutable(INVENTORY);
	}

	/** What the simulated runs have changed so far, forgotten (a fresh homelab). */
	public void reset() {
		this.converged.clear();
	}

	@Override
	public boolean handles(List<String> argv) {
		String program = argv.get(0).replaceAll(".*/", "");
		if (program.equals("apt-get") || program.equals("apt")) {
			return argv.contains("ansible") && (argv.contains("install") || argv.contains("purge"));
		}
		return program.equals("ansible-playbook") || program.equals("ansible-inventory");
	}

	@Override
	public Result run(Guest guest, List<String> argv, String stdin) {
		String program = argv.get(0).replaceAll(".*/", "");
		if (program.equals("apt-get") || program.equals("apt")) {
			return apt(guest, argv.contains("purge"));
		}
		if (!guest.files().containsKey(PLAYBOOK.toString())) {
			return Result.fail(127, "sh: 1: " + program + ": not found (the ansible package is not installed)\n");
		}
		if (!real()) {
			return Result.fail(1, program + " (lab): the lab's host has no Ansible to run it with;"
					+ " install Debian's ansible there (apt-get install ansible)\n");
		}
		Workspace workspace = Workspace.of(this.labDir.resolve("ansible-" + guest.vmid()), guest,
				argv.subList(1, argv.size()));
		try {
			if (program.equals("ansible-inventory") || argv.contains("--syntax-check")) {
				return guest.outsideLab(() -> workspace.run(Path.of("/usr/bin", program), List.of()));
			}
			return playbook(guest, workspace, argv.contains("--check"));
		}
		catch (Exception ex) {
			return Result.fail(1, program + " (lab): " + ex.getMessage() + "\n");
		}
		finally {
			workspace.close();
		}
	}

	private Result playbook(Guest guest, Workspace workspace, boolean check) throws Exception {
		Result hosts = guest.outsideLab(() -> workspace.run(PLAYBOOK, List.of("--list-hosts")));
		if (hosts.exitCode() != 0) {
			return hosts;
		}
		Path playbook = workspace.playbook()
			.orElseThrow(() -> new IllegalArgumentException("no playbook named on the command line"));
		List<SimulatedPlay> plays = SimulatedPlay.read(playbook, SimulatedPlay.hostsPerPlay(hosts.stdout()));
		boolean fail = this.faults.next("ansible", "playbook").isPresent();
		Result result = SimulatedPlay.run(plays, this.converged, check, fail);
		log(guest, workspace.logPath(), result.stdout());
		return result;
	}

	/**
	 * What ansible does with a {@code log_path}: every line of the run appended with its
	 * logging prefix, when the file's directory exists in the guest; else it warns and
	 * logs nothing.
	 */
	private static void log(Guest guest, String path, String output) {
		if (path == null) {
			return;
		}
		String dir = path.substring(0, Math.max(path.lastIndexOf('/'), 0));
		Map<String, byte[]> files = guest.files();
		if (!files.containsKey(dir + "/.dir") && !files.containsKey(path)) {
			return;
		}
		String prefix = LOG_TIME.format(LocalDateTime.now(ZoneOffset.UTC)) + " p=" + (1000 + guest.vmid())
				+ " u=root n=ansible | ";
		StringBuilder lines = new StringBuilder();
		output.lines().filter(line -> !line.isBlank()).forEach(line -> lines.append(prefix).append(line).append('\n'));
		byte[] before = files.getOrDefault(path, new byte[0]);
		byte[] added = lines.toString().getBytes(StandardCharsets.UTF_8);
		byte[] after = java.util.Arrays.copyOf(before, before.length + added.length);
		System.arraycopy(added, 0, after, before.length, added.length);
		files.put(path, after);
	}

	private static Result apt(Guest guest, boolean purge) {
		List<String> tools = List.of(PLAYBOOK.toString(), INVENTORY.toString(), "/usr/bin/ansible",
				"/usr/bin/ansible-galaxy");
		if (purge) {
			tools.forEach(guest.files()::remove);
			return Result.ok("Removing ansible ...\nRemoving ansible-core ...\n");
		}
		tools.forEach(tool -> guest.files().put(tool, new byte[0]));
		return Result
			.ok("Setting up ansible-core (2.14.18-0+deb12u1) ...\nSetting up ansible (7.7.0+dfsg-3+deb12u1) ...\n");
	}

	/**
	 * The guest's files a command names, copied to the lab's host: the project (the
	 * playbook's or ANSIBLE_CONFIG's directory, or the one holding {@code inventory/}),
	 * and every other guest file an argument or variable names (the CA, the secret file,
	 * kept readable by the owner only); arguments and variables rewritten to the copies.
	 */
	private record Workspace(Path dir, List<String> args, Map<String, String> environment, String playbookArg,
			String logPath) {

		static Workspace of(Path dir, Guest guest, List<String> args) {
			delete(dir);
			Map<String, byte[]> files = guest.files();
			Map<String, String> env = new LinkedHashMap<>(guest.environment());
			if (!env.containsKey("PROXMOX_TOKEN_SECRET") && !env.containsKey("PROXMOX_TOKEN_SECRET_FILE")
					&& files.containsKey(SECRET_FILE)) {
				env.put("PROXMOX_TOKEN_SECRET_FILE", SECRET_FILE);
			}
			String root = root(files, args, env);
			Path project = dir.resolve("project");
			copyTree(files, root, project);
			List<String> translated = new ArrayList<>();
			String playbook = null;
			for (int i = 0; i < args.size(); i++) {
				String arg = translate(args.get(i), files, root, project, dir);
				boolean inventoryValue = i > 0 && List.of("-i", "--inventory").contains(args.get(i - 1));
				if (!arg.startsWith("-") && !inventoryValue && (arg.endsWith(".yml") || arg.endsWith(".yaml"))) {
					playbook = arg;
				}
				translated.add(arg);
			}
			String log = env.get("ANSIBLE_LOG_PATH");
			byte[] config = files.get(env.getOrDefault("ANSIBLE_CONFIG", root + "/ansible.cfg"));
			if (log == null && config != null) {
				Matcher logPath = LOG_PATH.matcher(new String(config, StandardCharsets.UTF_8));
				log = logPath.find() ? logPath.group(1) : null;
			}
			env.remove("ANSIBLE_LOG_PATH");
			env.replaceAll((name, value) -> translate(value, files, root, project, dir));
			return new Workspace(dir, translated, env, playbook, log);
		}

		java.util.Optional<Path> playbook() {
			return java.util.Optional.ofNullable(this.playbookArg).map(Path::of);
		}

		/**
		 * The real tool with the command's arguments (plus {@code extra}), from the
		 * guest's working directory ({@code /} for the agent: the copy's root), with only
		 * the command's variables beside PATH and a HOME of its own.
		 */
		Result run(Path tool, List<String> extra) throws IOException, InterruptedException {
			List<String> command = new ArrayList<>(List.of(tool.toString()));
			command.addAll(this.args);
			command.addAll(extra);
			Path home = Files.createDirectories(this.dir.resolve("home"));
			Path out = this.dir.resolve("stdout");
			Path err = this.dir.resolve("stderr");
			ProcessBuilder builder = new ProcessBuilder(command).directory(this.dir.toFile())
				.redirectOutput(out.toFile())
				.redirectError(err.toFile());
			Map<String, String> env = builder.environment();
			env.keySet().retainAll(List.of("PATH", "LANG", "LC_ALL"));
			env.put("HOME", home.toString());
			env.put("ANSIBLE_NOCOLOR", "1");
			env.putAll(this.environment);
			// the guest's log is the lab's to write: the real tool logs into the copy
			env.put("ANSIBLE_LOG_PATH", this.dir.resolve("ansible.log").toString());
			Process process = builder.start();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return Result.fail(124, tool.getFileName() + " did not finish in " + TIMEOUT_SECONDS + " s\n");
			}
			return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
					Files.readString(err, StandardCharsets.UTF_8), null);
		}

		/** The secret's copy goes with the run. */
		void close() {
			delete(this.dir.resolve("files"));
		}

		private static String root(Map<String, byte[]> files, List<String> args, Map<String, String> env) {
			String config = env.get("ANSIBLE_CONFIG");
			if (config != null && config.startsWith("/")) {
				return parent(config);
			}
			for (int i = 0; i < args.size(); i++) {
				String arg = args.get(i);
				boolean inventoryValue = i > 0 && List.of("-i", "--inventory").contains(args.get(i - 1));
				if (!inventoryValue && arg.startsWith("/") && (arg.endsWith(".yml") || arg.endsWith(".yaml"))
						&& files.containsKey(arg)) {
					return parent(arg);
				}
			}
			for (int i = 1; i < args.size(); i++) {
				if (List.of("-i", "--inventory").contains(args.get(i - 1)) && args.get(i).startsWith("/")) {
					String dir = parent(args.get(i));
					return dir.endsWith("/inventory") ? parent(dir) : dir;
				}
			}
			throw new IllegalArgumentException("name the project's files by absolute paths (the agent runs in /)");
		}

		private static String translate(String value, Map<String, byte[]> files, String root, Path project, Path dir) {
			if (value.startsWith(root + "/") || value.equals(root)) {
				return project.resolve(value.substring(root.length()).replaceFirst("^/", "")).toString();
			}
			if (value.startsWith("/") && files.containsKey(value)) {
				Path copy = dir.resolve("files").resolve(value.substring(1));
				try {
					Files.createDirectories(copy.getParent());
					Files.write(copy, files.get(value));
					Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r--------"));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
				return copy.toString();
			}
			return value;
		}

		private static void copyTree(Map<String, byte[]> files, String root, Path target) {
			try {
				Files.createDirectories(target);
				for (Map.Entry<String, byte[]> file : files.entrySet()) {
					if (!file.getKey().startsWith(root + "/") || file.getKey().endsWith("/.dir")) {
						continue;
					}
					Path path = target.resolve(file.getKey().substring(root.length() + 1)).normalize();
					if (path.startsWith(target)) {
						Files.createDirectories(path.getParent());
						Files.write(path, file.getValue());
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot copy the guest's " + root + " to " + target, ex);
			}
		}

		private static String parent(String path) {
			int slash = path.lastIndexOf('/');
			return (slash > 0) ? path.substring(0, slash) : "/";
		}

		private static void delete(Path dir) {
			if (!Files.exists(dir)) {
				return;
			}
			try (Stream<Path> paths = Files.walk(dir)) {
				for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(path);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot clear " + dir, ex);
			}
		}

	}

}
