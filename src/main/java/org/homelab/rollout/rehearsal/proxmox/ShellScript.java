package org.homelab.rollout.rehearsal.proxmox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.proxmox.ShellTokens.Token;

/**
 * Runs a script line by line as sh would for the simple scripts provisioning sends:
 * heredocs, {@code && || ; |}, redirections, {@code set -e}. Compound commands (if, for,
 * while, case, functions) are refused with exit 2.
 */
final class ShellScript {

	private static final List<String> COMPOUND = List.of("if", "for", "while", "until", "case", "function", "{", "(");

	private ShellScript() {
	}

	static GuestCommand.Result run(String script, ShellContext context) {
		StringBuilder out = new StringBuilder();
		StringBuilder err = new StringBuilder();
		List<String> lines = script.lines().toList();
		int status = 0;
		for (int i = 0; i < lines.size(); i++) {
			List<Token> tokens = new ArrayList<>(
					ShellTokens.split(lines.get(i), context.env, command -> substitute(command, context)));
			if (tokens.isEmpty()) {
				continue;
			}
			int lineNo = i + 1;
			if (!tokens.get(0).operator() && COMPOUND.contains(tokens.get(0).text())) {
				err.append(context.shell)
					.append(": ")
					.append(lineNo)
					.append(": Syntax error: compound commands are not simulated by the rehearsal lab\n");
				return new GuestCommand.Result(2, out.toString(), err.toString(), null);
			}
			String heredoc = null;
			for (int t = 0; t + 1 < tokens.size(); t++) {
				if (tokens.get(t).is("<<")) {
					String delimiter = tokens.get(t + 1).text().replaceFirst("^-", "");
					StringBuilder body = new StringBuilder();
					while (++i < lines.size() && !lines.get(i).strip().equals(delimiter)) {
						body.append(lines.get(i)).append('\n');
					}
					heredoc = body.toString();
					tokens.remove(t + 1);
					tokens.remove(t);
					break;
				}
			}
			status = list(tokens, heredoc, context, out, err, lineNo);
			if (context.env.containsKey("__exit")) {
				status = Integer.parseInt(context.env.remove("__exit"));
				break;
			}
			if (status != 0 && context.errexit) {
				break;
			}
		}
		return new GuestCommand.Result(status, out.toString(), err.toString(), null);
	}

	/**
	 * {@code $(command)}: runs in the same guest, its stdout the value; its exit status
	 * and errors do not end the script (as in sh, only the command using it can fail).
	 */
	private static String substitute(String command, ShellContext context) {
		boolean errexit = context.errexit;
		try {
			return run(command, context).stdout();
		}
		finally {
			context.errexit = errexit;
		}
	}

	/** Commands joined by {@code && || ; &}, each a pipeline. */
	private static int list(List<Token> tokens, String stdin, ShellContext context, StringBuilder out,
			StringBuilder err, int line) {
		int status = 0;
		String connector = ";";
		List<Token> pipeline = new ArrayList<>();
		for (int i = 0; i <= tokens.size(); i++) {
			Token token = (i < tokens.size()) ? tokens.get(i) : new Token(";", true);
			if (token.operator() && List.of("&&", "||", ";", "&").contains(token.text())) {
				boolean skip = (connector.equals("&&") && status != 0) || (connector.equals("||") && status == 0);
				if (!pipeline.isEmpty() && !skip) {
					status = pipeline(pipeline, stdin, context, out, err, line);
				}
				pipeline = new ArrayList<>();
				connector = token.text();
			}
			else {
				pipeline.add(token);
			}
		}
		context.env.put("?", String.valueOf(status));
		return status;
	}

	private static int pipeline(List<Token> tokens, String stdin, ShellContext context, StringBuilder out,
			StringBuilder err, int line) {
		String input = stdin;
		GuestCommand.Result result = null;
		List<Token> command = new ArrayList<>();
		for (int i = 0; i <= tokens.size(); i++) {
			if (i == tokens.size() || tokens.get(i).is("|")) {
				result = command(command, input, context, line);
				err.append(result.stderr());
				input = result.stdout();
				command = new ArrayList<>();
			}
			else {
				command.add(tokens.get(i));
			}
		}
		out.append(result.stdout());
		return result.exitCode();
	}

	/**
	 * One simple command with its redirections; stdout/stderr that went to files come
	 * back empty.
	 */
	private static GuestCommand.Result command(List<Token> tokens, String stdin, ShellContext context, int line) {
		List<String> argv = new ArrayList<>();
		String outFile = null;
		String errFile = null;
		boolean append = false;
		boolean errToOut = false;
		boolean outToErr = false;
		String input = stdin;
		for (int i = 0; i < tokens.size(); i++) {
			Token token = tokens.get(i);
			String target = (i + 1 < tokens.size()) ? tokens.get(i + 1).text() : "";
			if (token.is(">") || token.is(">>")) {
				outFile = target;
				append = token.is(">>");
				i++;
			}
			else if (token.is("2>")) {
				errFile = target;
				i++;
			}
			else if (token.is("2>&1")) {
				errToOut = true;
			}
			else if (token.is(">&2")) {
				outToErr = true;
			}
			else if (token.is("<")) {
				input = context.file(target);
				i++;
			}
			else if (argv.isEmpty() && token.text().matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
				context.env.put(token.text().substring(0, token.text().indexOf('=')),
						token.text().substring(token.text().indexOf('=') + 1));
			}
			else {
				argv.add(token.text());
			}
		}
		if (argv.isEmpty()) {
			return GuestCommand.Result.ok("");
		}
		GuestCommand.Result result = context.execute(argv, input, line);
		String stdout = outToErr ? "" : result.stdout() + (errToOut ? result.stderr() : "");
		String stderr = outToErr ? result.stderr() + result.stdout() : errToOut ? "" : result.stderr();
		if (outFile != null) {
			write(context, outFile, stdout, append);
			stdout = "";
		}
		if (errFile != null) {
			write(context, errFile, stderr, false);
			stderr = "";
		}
		return new GuestCommand.Result(result.exitCode(), stdout, stderr, null);
	}

	static void write(ShellContext context, String path, String text, boolean append) {
		if (path.equals("/dev/null")) {
			return;
		}
		String old = (append && context.file(path) != null) ? context.file(path) : "";
		context.vm.files.put(path, (old + text).getBytes(StandardCharsets.UTF_8));
	}

}
