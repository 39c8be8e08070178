package org.homelab.rollout.rehearsal.proxmox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.GuestCommand.Result;

/**
 * The utilities a fresh Debian cloud image has, acting on the guest's file store and
 * service set. Package and user tools succeed quietly: what they would install is the
 * business of the registered {@link GuestCommand}s.
 */
final class Builtins {

	private static final Set<String> QUIET = Set.of("true", ":", "apt-get", "apt", "dpkg", "useradd", "usermod",
			"groupadd", "userdel", "ln", "sync", "sleep", "chown", "update-ca-certificates", "export", "source", ".",
			"sysctl", "modprobe", "swapoff", "hostnamectl", "timedatectl", "ufw");

	private Builtins() {
	}

	/** The result, or null when the program does not exist in the guest. */
	static Result run(List<String> argv, String stdin, ShellContext context, int line) {
		String program = argv.get(0).replaceFirst("^(/usr)?(/s?bin/)", "");
		List<String> args = argv.subList(1, argv.size());
		if (QUIET.contains(program)) {
			return Result.ok("");
		}
		return switch (program) {
			case "sh", "bash", "dash" -> shell(program, args, stdin, context);
			case "set" -> {
				for (int i = 0; i < args.size(); i++) {
					String arg = args.get(i);
					if (arg.equals("-o") || arg.equals("+o")) {
						context.errexit = (i + 1 < args.size() && args.get(++i).equals("errexit")) ? arg.startsWith("-")
								: context.errexit;
					}
					else if (arg.matches("[-+][a-z]*e[a-z]*")) {
						context.errexit = arg.startsWith("-");
					}
				}
				yield Result.ok("");
			}
			case "exit" -> {
				context.env.put("__exit", args.isEmpty() ? context.env.getOrDefault("?", "0") : args.get(0));
				yield Result.ok("");
			}
			case "false" -> Result.fail(1, "");
			case "echo" -> echo(args);
			case "cat" -> cat(args, stdin, context);
			case "test", "[" -> test(args.stream().filter(a -> !a.equals("]")).toList(), context);
			case "mkdir", "chmod", "touch" -> touch(program, args, context);
			case "install" -> install(args, context);
			// the lab keeps no file modes: a mask changes nothing it models
			case "umask" -> Result.ok("");
			case "rm" -> {
				args.stream().filter(a -> !a.startsWith("-")).forEach(context.vm.files::remove);
				yield Result.ok("");
			}
			case "cp", "mv" -> copy(program, args, context);
			case "grep" -> grep(args, stdin, context);
			case "cmp" -> cmp(args, context);
			case "systemctl" -> Systemctl.run(args, context.vm);
			case "hostname" -> Result.ok(context.guest.name() + "\n");
			case "whoami" -> Result.ok("root\n");
			case "id" -> Result.ok(args.contains("-u") ? "0\n" : "uid=0(root) gid=0(root) groups=0(root)\n");
			case "uname" -> Result.ok(args.contains("-a")
					? "Linux " + context.guest.name()
							+ " 6.1.0-28-cloud-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 x86_64 GNU/Linux\n"
					: "Linux\n");
			case "cloud-init" -> Result.ok("status: done\n");
			case "sha256sum" -> sha256sum(args, stdin, context);
			case "blkid", "mkfs.ext4", "mountpoint", "mount", "umount" -> Disks.run(program, args, context.vm);
			default -> script(argv.get(0), context);
		};
	}

	private static Result shell(String program, List<String> args, String stdin, ShellContext context) {
		String previous = context.shell;
		context.shell = program.equals("bash") ? "bash" : "sh";
		try {
			List<String> rest = args.stream().dropWhile(a -> a.startsWith("-") && !a.equals("-c")).toList();
			if (!rest.isEmpty() && rest.get(0).equals("-c")) {
				return ShellScript.run((rest.size() > 1) ? rest.get(1) : "", context);
			}
			if (args.stream().anyMatch(a -> a.matches("-\\w*e\\w*"))) {
				context.errexit = true;
			}
			if (rest.isEmpty()) {
				return ShellScript.run(stdin, context);
			}
			String script = context.file(rest.get(0));
			if (script == null) {
				return Result.fail(127, context.shell + ": 0: cannot open " + rest.get(0) + ": No such file\n");
			}
			return ShellScript.run(script, context);
		}
		finally {
			context.shell = previous;
		}
	}

	/** A script in the file store run by path (./install.sh, /root/install.sh). */
	private static Result script(String path, ShellContext context) {
		String script = path.contains("/") ? context.file(path.replaceFirst("^\\./", "/root/")) : null;
		if (script == null && path.contains("/")) {
			script = context.file(path);
		}
		return (script != null) ? ShellScript.run(script, context) : null;
	}

	private static Result echo(List<String> args) {
		boolean newline = args.isEmpty() || !args.get(0).equals("-n");
		List<String> words = newline ? args : args.subList(1, args.size());
		return Result.ok(String.join(" ", words) + (newline ? "\n" : ""));
	}

	private static Result cat(List<String> args, String stdin, ShellContext context) {
		if (args.isEmpty() || args.equals(List.of("-"))) {
			return Result.ok(stdin);
		}
		StringBuilder out = new StringBuilder();
		for (String path : args) {
			String content = context.file(path);
			if (content == null) {
				return new Result(1, out.toString(), "cat: " + path + ": No such file or directory\n", null);
			}
			out.append(content);
		}
		return Result.ok(out.toString());
	}

	private static Result test(List<String> args, ShellContext context) {
		boolean negate = !args.isEmpty() && args.get(0).equals("!");
		List<String> a = negate ? args.subList(1, args.size()) : args;
		boolean result = switch (a.size()) {
			case 0 -> false;
			case 1 -> !a.get(0).isEmpty();
			case 2 -> switch (a.get(0)) {
				case "-f", "-e", "-s", "-x", "-r" -> context.vm.files.containsKey(a.get(1));
				case "-d" ->
					context.vm.files.keySet().stream().anyMatch(f -> f.startsWith(a.get(1).replaceAll("/$", "") + "/"));
				case "-n" -> !a.get(1).isEmpty();
				case "-z" -> a.get(1).isEmpty();
				default -> false;
			};
			default -> switch (a.get(1)) {
				case "=", "==" -> a.get(0).equals(a.get(2));
				case "!=" -> !a.get(0).equals(a.get(2));
				case "-eq" -> a.get(0).equals(a.get(2));
				case "-ne" -> !a.get(0).equals(a.get(2));
				default -> false;
			};
		};
		return (result != negate) ? Result.ok("") : Result.fail(1, "");
	}

	private static Result touch(String program, List<String> args, ShellContext context) {
		for (String path : args.stream()
			.filter(a -> !a.startsWith("-") && !a.matches("[0-7]{3,4}|[ugoa]*[+-=][rwx]+"))
			.toList()) {
			if (program.equals("mkdir")) {
				context.vm.files.putIfAbsent(path.replaceAll("/$", "") + "/.dir", new byte[0]);
			}
			else if (program.equals("touch")) {
				context.vm.files.putIfAbsent(path, new byte[0]);
			}
			else if (!context.vm.files.containsKey(path)
					&& !context.vm.files.containsKey(path.replaceAll("/$", "") + "/.dir")) {
				return Result.fail(1, "chmod: cannot access '" + path + "': No such file or directory\n");
			}
		}
		return Result.ok("");
	}

	/**
	 * install -d makes directories (owner and mode are not modelled); installing files is
	 * not simulated and does nothing, as before.
	 */
	private static Result install(List<String> args, ShellContext context) {
		List<String> directories = new ArrayList<>();
		boolean makeDirectories = false;
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			if (List.of("-o", "-g", "-m", "-t", "--owner", "--group", "--mode").contains(arg)) {
				i++;
			}
			else if (arg.startsWith("-")) {
				makeDirectories |= arg.equals("--directory") || arg.matches("-[a-zA-Z]*d[a-zA-Z]*");
			}
			else {
				directories.add(arg);
			}
		}
		return makeDirectories ? touch("mkdir", directories, context) : Result.ok("");
	}

	private static Result copy(String program, List<String> args, ShellContext context) {
		List<String> paths = args.stream().filter(a -> !a.startsWith("-")).toList();
		byte[] content = (paths.size() == 2) ? context.vm.files.get(paths.get(0)) : null;
		if (content == null) {
			return Result.fail(1, program + ": cannot stat '" + (paths.isEmpty() ? "" : paths.get(0))
					+ "': No such file or directory\n");
		}
		context.vm.files.put(paths.get(1), content.clone());
		if (program.equals("mv")) {
			context.vm.files.remove(paths.get(0));
		}
		return Result.ok("");
	}

	private static Result grep(List<String> args, String stdin, ShellContext context) {
		boolean quiet = args.contains("-q");
		boolean invert = args.contains("-v");
		List<String> rest = args.stream().filter(a -> !a.startsWith("-")).toList();
		if (rest.isEmpty()) {
			return Result.fail(2, "Usage: grep [OPTION]... PATTERNS [FILE]...\n");
		}
		String text = (rest.size() > 1) ? context.file(rest.get(1)) : stdin;
		if (text == null) {
			return Result.fail(2, "grep: " + rest.get(1) + ": No such file or directory\n");
		}
		Pattern pattern = Pattern.compile(rest.get(0));
		StringBuilder out = new StringBuilder();
		text.lines().filter(l -> pattern.matcher(l).find() != invert).forEach(l -> out.append(l).append('\n'));
		return (out.length() == 0) ? Result.fail(1, "") : Result.ok(quiet ? "" : out.toString());
	}

	/** cmp -s A B: 0 same, 1 different, 2 a file missing (as diffutils' cmp). */
	private static Result cmp(List<String> args, ShellContext context) {
		boolean silent = args.contains("-s") || args.contains("--quiet") || args.contains("--silent");
		List<String> paths = args.stream().filter(a -> !a.startsWith("-")).toList();
		if (paths.size() != 2) {
			return Result.fail(2, "cmp: missing operand\n");
		}
		for (String path : paths) {
			if (!context.vm.files.containsKey(path)) {
				return Result.fail(2, "cmp: " + path + ": No such file or directory\n");
			}
		}
		if (Arrays.equals(context.vm.files.get(paths.get(0)), context.vm.files.get(paths.get(1)))) {
			return Result.ok("");
		}
		return new Result(1, silent ? "" : paths.get(0) + " " + paths.get(1) + " differ\n", "", null);
	}

	/**
	 * {@code sha256sum FILE...} prints each digest; {@code sha256sum -c} checks the
	 * {@code HASH  FILE} lines of stdin (or a file) as coreutils does.
	 */
	private static Result sha256sum(List<String> args, String stdin, ShellContext context) {
		List<String> files = args.stream().filter(a -> !a.startsWith("-")).toList();
		if (!args.contains("-c") && !args.contains("--check")) {
			StringBuilder out = new StringBuilder();
			for (String file : files) {
				byte[] content = context.vm.files.get(file);
				if (content == null) {
					return new Result(1, out.toString(), "sha256sum: " + file + ": No such file or directory\n", null);
				}
				out.append(sha256(content)).append("  ").append(file).append('\n');
			}
			return Result.ok(out.toString());
		}
		String list = (files.isEmpty() || files.get(0).equals("-")) ? stdin : context.file(files.get(0));
		StringBuilder out = new StringBuilder();
		int bad = 0;
		for (String line : (list != null) ? list.lines().toList() : List.<String>of()) {
			String[] fields = line.strip().split("\\s+\\*?", 2);
			if (fields.length < 2) {
				continue;
			}
			byte[] content = context.vm.files.get(fields[1]);
			boolean ok = content != null && sha256(content).equalsIgnoreCase(fields[0]);
			bad += ok ? 0 : 1;
			out.append(fields[1]).append(ok ? ": OK\n" : ": FAILED\n");
		}
		if (out.length() == 0) {
			return Result.fail(1, "sha256sum: -: no properly formatted checksum lines found\n");
		}
		return (bad == 0) ? Result.ok(out.toString()) : new Result(1, out.toString(),
				"sha256sum: WARNING: " + bad + " computed checksum" + ((bad == 1) ? " did" : "s did") + " NOT match\n",
				null);
	}

	private static String sha256(byte[] content) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
