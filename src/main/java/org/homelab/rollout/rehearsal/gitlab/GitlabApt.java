package org.homelab.rollout.rehearsal.gitlab;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.GuestCommand;

/**
 * GitLab's apt repository as GitLab documents its manual set-up for Debian: {@code curl}
 * fetches {@code https://packages.gitlab.com/gitlab/gitlab-ce/gpgkey},
 * {@code gpg --dearmor} turns it into
 * {@code /usr/share/keyrings/gitlab_gitlab-ce-archive-keyring.gpg}, and a sources entry
 * {@code deb [signed-by=…] https://packages.gitlab.com/gitlab/gitlab-ce/debian/ bookworm main}
 * lets {@code apt-get install gitlab-ce} find the package (only if the signed-by key
 * exists, as apt checks). The package leaves the Omnibus tree and a default
 * {@code gitlab.rb} (a conffile: one already there is kept).
 */
public final class GitlabApt implements GuestCommand {

	static final String HOST = "packages.gitlab.com";

	static final String KEY_URL = "https://" + HOST + "/gitlab/gitlab-ce/gpgkey";

	static final String VERSION = "17.10.1-ce.0";

	/** Present once the package is installed: what the Omnibus commands need. */
	static final String MARKER = "/opt/gitlab/embedded/service/gitlab-rails/VERSION";

	private static final Pattern SIGNED_BY = Pattern.compile("signed-by=([^\\s\\]]+)");

	private static final String KEY = """
			-----BEGIN PGP PUBLIC KEY BLOCK-----

			mQINBF5dI2sBEACyGx5isuXqEV2zJGIx8rlJFCGw6A9g5Zk/9Hj50UpXNuOXlvQl
			(rehearsal lab: GitLab's packages.gitlab.com repository key stands here)
			=lab0
			-----END PGP PUBLIC KEY BLOCK-----
			""";

	private static final String DEFAULT_RB = """
			## GitLab configuration settings
			##! This file is generated during initial installation and **is not** modified
			##! during upgrades.
			external_url 'http://gitlab.example.com'
			""";

	private final Contracts contracts;

	private final GitlabService service;

	/**
	 * {@code contracts}: where GitLab's contract stands, read while the package installs;
	 * {@code service}: what reconfigures when the install names {@code EXTERNAL_URL}.
	 */
	public GitlabApt(Contracts contracts, GitlabService service) {
		this.contracts = contracts;
		this.service = service;
	}

	@Override
	public boolean handles(List<String> argv) {
		String program = argv.get(0).replaceFirst("^.*/", "");
		return switch (program) {
			case "curl" -> argv.stream().anyMatch(a -> a.contains("://" + HOST + "/"));
			case "gpg" -> argv.contains("--dearmor");
			case "apt-get", "apt" -> (argv.contains("install") || argv.contains("purge") || argv.contains("remove"))
					&& argv.contains("gitlab-ce");
			default -> false;
		};
	}

	@Override
	public Result run(Guest guest, List<String> argv, String stdin) {
		String program = argv.get(0).replaceFirst("^.*/", "");
		return switch (program) {
			case "curl" -> write(guest, argv, argv.contains(KEY_URL) ? KEY : null);
			case "gpg" -> {
				String keyring = dearmor((stdin != null) ? stdin : "");
				yield (keyring != null) ? write(guest, argv, keyring)
						: Result.fail(2, "gpg: no valid OpenPGP data found.\n");
			}
			default -> (argv.contains("purge") || argv.contains("remove")) ? purge(guest, argv.contains("purge"))
					: install(guest);
		};
	}

	/**
	 * {@code apt-get purge|remove gitlab-ce}: the Omnibus tree goes and GitLab stops;
	 * purge also forgets its data (as {@code rm -rf /var/opt/gitlab} after it would).
	 */
	private Result purge(Guest guest, boolean purge) {
		Map<String, byte[]> files = guest.files();
		if (!files.containsKey(MARKER)) {
			return Result.ok("Package 'gitlab-ce' is not installed, so not removed\n");
		}
		files.keySet().removeIf(path -> path.startsWith("/opt/gitlab/"));
		if (purge) {
			files.keySet().removeIf(path -> path.startsWith("/etc/gitlab/") || path.startsWith("/var/opt/gitlab/"));
		}
		this.service.removed(guest.vmid(), purge);
		return new Result(0,
				"Removing gitlab-ce (" + VERSION + ") ...\n"
						+ (purge ? "Purging configuration files for " + "gitlab-ce (" + VERSION + ") ...\n" : ""),
				"", null);
	}

	private Result install(Guest guest) {
		Map<String, byte[]> files = guest.files();
		String keyring = keyring(files);
		if (keyring == null) {
			return new Result(100, "Reading package lists...\nBuilding dependency tree...\n",
					"E: Unable to locate package gitlab-ce\n", null);
		}
		if (!files.containsKey(keyring)) {
			return new Result(100, "",
					"W: OpenPGP signature verification failed: https://" + HOST
							+ "/gitlab/gitlab-ce/debian bookworm InRelease: Failed to parse keyring \"" + keyring
							+ "\"\n" + "E: The repository 'https://" + HOST
							+ "/gitlab/gitlab-ce/debian bookworm InRelease' is not " + "signed.\n",
					null);
		}
		boolean installed = files.containsKey(MARKER);
		files.put(MARKER, VERSION.getBytes(StandardCharsets.UTF_8));
		files.put("/opt/gitlab/bin/gitlab-ctl", ("gitlab-ctl " + VERSION).getBytes(StandardCharsets.UTF_8));
		String externalUrl = installed ? null : guest.environment().get("EXTERNAL_URL");
		if (externalUrl != null) {
			files.put(GitlabRb.PATH, externalUrl(files.get(GitlabRb.PATH), externalUrl));
		}
		files.putIfAbsent(GitlabRb.PATH, DEFAULT_RB.getBytes(StandardCharsets.UTF_8));
		if (installed) {
			return new Result(0, "gitlab-ce is already the newest version (" + VERSION + ").\n", "",
					"proxmox.apt-noop");
		}
		// 2 MB of Swagger are read while the package installs, not on the first
		// reconfigure
		Thread loader = new Thread(() -> GitlabSchema.load(this.contracts), "gitlab-contract-loader");
		loader.setDaemon(true);
		loader.start();
		if (externalUrl != null) {
			// as the package does: with EXTERNAL_URL its post-install reconfigures
			Result reconfigured = this.service.reconfigure(guest, guest.environment().get("GITLAB_ROOT_PASSWORD"));
			return new Result(reconfigured.exitCode(),
					"Setting up gitlab-ce (" + VERSION + ") ...\n" + reconfigured.stdout(), reconfigured.stderr(),
					"gitlab.install");
		}
		// without EXTERNAL_URL, Omnibus's post-install asks for a reconfigure
		return new Result(0, "Unpacking gitlab-ce (" + VERSION + ") ...\nSetting up gitlab-ce (" + VERSION
				+ ") ...\nThank you for installing GitLab!\nGitLab was unable to detect a valid hostname for your "
				+ "instance.\nPlease configure a URL for your GitLab instance by setting `external_url`\n"
				+ "configuration in /etc/gitlab/gitlab.rb file.\nThen, you can start your GitLab instance by "
				+ "running the following command:\n  sudo gitlab-ctl reconfigure\n", "", "gitlab.install");
	}

	/**
	 * gitlab.rb with {@code external_url} set to {@code url} (the line replaced or
	 * added).
	 */
	private static byte[] externalUrl(byte[] existing, String url) {
		String text = (existing != null) ? new String(existing, StandardCharsets.UTF_8) : DEFAULT_RB;
		String line = "external_url '" + url + "'";
		String updated = text.matches("(?ms).*^external_url .*") ? text.replaceFirst("(?m)^external_url .*$", line)
				: line + "\n" + text;
		return updated.getBytes(StandardCharsets.UTF_8);
	}

	/** {@code content} to {@code -o FILE} or stdout; null content is curl's 404. */
	private static Result write(Guest guest, List<String> argv, String content) {
		if (content == null) {
			return Result.fail(22, "curl: (22) The requested URL returned error: 404\n");
		}
		for (int i = 1; i + 1 < argv.size(); i++) {
			if (argv.get(i).equals("-o") || argv.get(i).equals("--output")) {
				guest.files().put(argv.get(i + 1), content.getBytes(StandardCharsets.UTF_8));
				return Result.ok("");
			}
		}
		return Result.ok(content);
	}

	/** The lab's stand-in for a binary keyring: the armoured key's body, marked. */
	private static String dearmor(String armoured) {
		if (!armoured.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
			return null;
		}
		return "(binary OpenPGP keyring)\n" + armoured;
	}

	private static String keyring(Map<String, byte[]> files) {
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			if (!file.getKey().startsWith("/etc/apt/sources.list")) {
				continue;
			}
			for (String line : new String(file.getValue(), StandardCharsets.UTF_8).lines().toList()) {
				if (line.startsWith("deb ") && line.contains("https://" + HOST + "/gitlab/gitlab-ce/debian")) {
					Matcher key = SIGNED_BY.matcher(line);
					return key.find() ? key.group(1) : "";
				}
			}
		}
		return null;
	}

}
