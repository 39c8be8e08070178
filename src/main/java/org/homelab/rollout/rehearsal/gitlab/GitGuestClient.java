package org.homelab.rollout.rehearsal.gitlab;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.homelab.rollout.rehearsal.GuestCommand;

/**
 * {@code git clone} and {@code git pull} in a lab VM against the lab's GitLab, as the
 * real git does them over HTTPS: credentials only from a credential helper
 * {@code store --file=<file>} (given with {@code -c credential.helper=…}), whose lines
 * are {@code https://user:password@host}; GitLab's decision on them as for a real clone
 * ({@link GitlabRepositories#canRead}); the project's files at {@code HEAD} written into
 * the target directory, with {@code .git/HEAD}, the branch's loose ref
 * {@code .git/refs/heads/main} (the commit checked out) and {@code .git/config} (the
 * remote URL, never the credentials). What git says on failure follows git (exit 128,
 * {@code fatal: Authentication failed for '<url>'}). No other git command is simulated.
 */
public final class GitGuestClient implements GuestCommand {

	private final Supplier<Optional<GitlabRepositories>> gitlab;

	public GitGuestClient(Supplier<Optional<GitlabRepositories>> gitlab) {
		this.gitlab = gitlab;
	}

	@Override
	public boolean handles(List<String> argv) {
		return argv.get(0).replaceAll(".*/", "").equals("git");
	}

	@Override
	public Result run(Guest guest, List<String> argv, String stdin) {
		String dir = null;
		String helper = null;
		int i = 1;
		while (i < argv.size() && argv.get(i).startsWith("-")) {
			String option = argv.get(i);
			if (option.equals("-C") && i + 1 < argv.size()) {
				dir = argv.get(++i);
			}
			else if (option.equals("-c") && i + 1 < argv.size()) {
				String setting = argv.get(++i);
				if (setting.startsWith("credential.helper=")) {
					helper = setting.substring("credential.helper=".length());
				}
			}
			i++;
		}
		if (i >= argv.size()) {
			return Result.fail(1, "usage: git [-C <path>] [-c <name>=<value>] <command> [<args>]\n");
		}
		String command = argv.get(i);
		List<String> args = argv.subList(i + 1, argv.size()).stream().filter(a -> !a.startsWith("-")).toList();
		Map<String, byte[]> files = guest.files();
		if (command.equals("clone")) {
			if (args.isEmpty()) {
				return Result.fail(129, "fatal: You must specify a repository to clone.\n");
			}
			String url = args.get(0);
			String target = (args.size() > 1) ? args.get(1)
					: "/" + url.replaceAll(".*/", "").replaceFirst("\\.git$", "");
			if (files.containsKey(target + "/.git/HEAD")) {
				return Result.fail(128, "fatal: destination path '" + target + "' already exists and is not an "
						+ "empty directory.\n");
			}
			return fetch(files, helper, url, target, "Cloning into '" + target + "'...\n");
		}
		if (command.equals("pull")) {
			String repo = (dir != null) ? dir : "/";
			byte[] config = files.get(repo + "/.git/config");
			if (config == null) {
				return Result.fail(128, "fatal: not a git repository (or any of the parent directories): .git\n");
			}
			String url = new String(config, StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter(line -> line.startsWith("url = "))
				.map(line -> line.substring("url = ".length()))
				.findFirst()
				.orElse("");
			return fetch(files, helper, url, repo, "");
		}
		return Result.fail(1, "git: '" + command + "' is not simulated by the rehearsal lab (clone and pull are)\n");
	}

	private Result fetch(Map<String, byte[]> files, String helper, String url, String target, String said) {
		Optional<GitlabRepositories> gitlab = this.gitlab.get();
		Optional<String> project = GitlabRepositories.projectOf(url);
		if (gitlab.isEmpty() || project.isEmpty()) {
			return Result.fail(128, said + "fatal: unable to access '" + url + "/': Failed to connect\n");
		}
		String[] credentials = credentials(files, helper, url);
		if (credentials == null) {
			return Result.fail(128,
					said + "fatal: could not read Username for '" + origin(url) + "': terminal prompts disabled\n");
		}
		if (!gitlab.get().canRead(project.get(), credentials[0], credentials[1])) {
			return Result.fail(128,
					said + "remote: HTTP Basic: Access denied.\nfatal: Authentication failed for '" + url + "/'\n");
		}
		Map<String, String> content = gitlab.get().files(project.get(), "HEAD", "");
		if (content.isEmpty()) {
			return Result.fail(128, said + "fatal: the remote's HEAD names no commit (an empty repository)\n");
		}
		String prefix = target + "/";
		List<String> stale = new ArrayList<>(files.keySet()
			.stream()
			.filter(path -> path.startsWith(prefix) && !path.startsWith(prefix + ".git/"))
			.toList());
		stale.forEach(files::remove);
		content.forEach((path, text) -> files.put(prefix + path, text.getBytes(StandardCharsets.UTF_8)));
		String revision = gitlab.get().revision(project.get(), "HEAD").orElse("");
		files.put(prefix + ".git/HEAD", "ref: refs/heads/main\n".getBytes(StandardCharsets.UTF_8));
		// the checked-out branch as a loose ref, as git clone and pull --ff-only leave it
		files.put(prefix + ".git/refs/heads/main", (revision + "\n").getBytes(StandardCharsets.UTF_8));
		files.put(prefix + ".git/config",
				("[remote \"origin\"]\n\turl = " + url + "\n").getBytes(StandardCharsets.UTF_8));
		return Result.ok(said + (said.isEmpty() ? "Updating to " + revision + "\n" : ""));
	}

	/** user and password from the store file's line for the URL's host, else null. */
	private static String[] credentials(Map<String, byte[]> files, String helper, String url) {
		if (helper == null || !helper.startsWith("store --file=")) {
			return null;
		}
		byte[] store = files.get(helper.substring("store --file=".length()).strip());
		if (store == null) {
			return null;
		}
		String host = URI.create(url).getHost();
		for (String line : new String(store, StandardCharsets.UTF_8).lines().toList()) {
			try {
				URI entry = URI.create(line.strip());
				String userInfo = entry.getRawUserInfo();
				if (host != null && host.equals(entry.getHost()) && userInfo != null && userInfo.contains(":")) {
					int colon = userInfo.indexOf(':');
					return new String[] { decode(userInfo.substring(0, colon)), decode(userInfo.substring(colon + 1)) };
				}
			}
			catch (IllegalArgumentException ex) {
				// not a URL line: git skips it too
			}
		}
		return null;
	}

	private static String decode(String text) {
		return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static String origin(String url) {
		URI uri = URI.create(url);
		return uri.getScheme() + "://" + uri.getAuthority();
	}

}
