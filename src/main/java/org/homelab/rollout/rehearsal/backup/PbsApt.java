package org.homelab.rollout.rehearsal.backup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homelab.rollout.rehearsal.GuestCommand;

/**
 * Proxmox's apt repository on a Debian 13 (trixie) VM and the
 * {@code proxmox-backup-server} package, as Proxmox documents installing PBS on Debian:
 *
 * <pre>
 * wget https://enterprise.proxmox.com/debian/proxmox-archive-keyring-trixie.gpg \
 *   -O /usr/share/keyrings/proxmox-archive-keyring.gpg
 * cat &gt; /etc/apt/sources.list.d/proxmox.sources &lt;&lt;EOF
 * Types: deb
 * URIs: http://download.proxmox.com/debian/pbs
 * Suites: trixie
 * Components: pbs-no-subscription
 * Signed-By: /usr/share/keyrings/proxmox-archive-keyring.gpg
 * EOF
 * apt-get update
 * apt-get install -y proxmox-backup-server
 * </pre>
 *
 * The keyring is binary already (no {@code gpg --dearmor});
 * {@code curl -fsSL URL -o FILE} fetches it as well, and a one-line
 * {@code deb [signed-by=…] http://download.proxmox.com/debian/pbs trixie pbs-no-subscription}
 * entry serves as well as the deb822 one. apt finds the package only through such an
 * entry whose key exists. As the real package's maintainer scripts do, the install
 * creates {@code /etc/proxmox-backup} with a self-signed {@code proxy.pem}, and enables
 * and starts {@code proxmox-backup} and {@code proxmox-backup-proxy}: the API answers on
 * port 8007 once it is done, with {@code root@pam} signing in by the VM's root password.
 */
public final class PbsApt implements GuestCommand {

	static final String KEY_HOST = "enterprise.proxmox.com";

	static final String KEY_URL = "https://" + KEY_HOST + "/debian/proxmox-archive-keyring-trixie.gpg";

	static final String REPOSITORY = "http://download.proxmox.com/debian/pbs";

	static final String PACKAGE = "proxmox-backup-server";

	/** PBS 4.1 on trixie. */
	static final String VERSION = "4.1.0-1";

	/** Present once the package is installed: what its commands and services need. */
	static final String MARKER = "/usr/sbin/proxmox-backup-manager";

	private static final Pattern SIGNED_BY = Pattern.compile("signed-by=([^\\s\\]]+)");

	private static final String KEYRING = "(binary OpenPGP keyring: Proxmox Debian Trixie Release Key, "
			+ "24B30F06ECC1836A4E5EFECBA7BCD1420BFE778E; rehearsal lab)\n";

	private final PbsService service;

	public PbsApt(PbsService service) {
		this.service = service;
	}

	@Override
	public boolean handles(List<String> argv) {
		String program = argv.get(0).replaceFirst("^.*/", "");
		return switch (program) {
			case "curl", "wget" -> argv.stream().anyMatch(a -> a.contains("://" + KEY_HOST + "/"));
			case "apt-get", "apt" -> (argv.contains("install") || argv.contains("purge") || argv.contains("remove"))
					&& argv.contains(PACKAGE);
			default -> false;
		};
	}

	@Override
	public Result run(Guest guest, List<String> argv, String stdin) {
		String program = argv.get(0).replaceFirst("^.*/", "");
		if (program.equals("curl") || program.equals("wget")) {
			return download(guest, argv);
		}
		return (argv.contains("purge") || argv.contains("remove")) ? remove(guest, argv.contains("purge"))
				: install(guest);
	}

	private Result download(Guest guest, List<String> argv) {
		if (!argv.contains(KEY_URL)) {
			return argv.get(0).endsWith("wget") ? Result.fail(8, "ERROR 404: Not Found.\n")
					: Result.fail(22, "curl: (22) The requested URL returned error: 404\n");
		}
		for (int i = 1; i + 1 < argv.size(); i++) {
			if (List.of("-O", "-o", "--output", "--output-document").contains(argv.get(i))) {
				guest.files().put(argv.get(i + 1), KEYRING.getBytes(StandardCharsets.UTF_8));
				return Result.ok("");
			}
		}
		return Result.ok(KEYRING);
	}

	private Result install(Guest guest) {
		Map<String, byte[]> files = guest.files();
		String keyring = keyring(files);
		if (keyring == null) {
			return new Result(100, "Reading package lists...\nBuilding dependency tree...\n",
					"E: Unable to locate package " + PACKAGE + "\n", null);
		}
		if (!files.containsKey(keyring)) {
			return new Result(100, "", "W: OpenPGP signature verification failed: " + REPOSITORY
					+ " trixie InRelease: Sub-process /usr/bin/sqv returned an error code (1), error message is: "
					+ "Missing key 24B30F06ECC1836A4E5EFECBA7BCD1420BFE778E, which is needed to verify signature.\n"
					+ "E: The repository '" + REPOSITORY + " trixie InRelease' is not signed.\n", null);
		}
		if (files.containsKey(MARKER)) {
			return new Result(0, PACKAGE + " is already the newest version (" + VERSION + ").\n", "",
					"proxmox.apt-noop");
		}
		files.put(MARKER, VERSION.getBytes(StandardCharsets.UTF_8));
		String started = this.service.installed(guest);
		if (started != null) {
			return new Result(1, "Setting up " + PACKAGE + " (" + VERSION + ") ...\n",
					"Job for proxmox-backup-proxy.service failed: " + started + "\n" + "dpkg: error processing package "
							+ PACKAGE + " (--configure)\n",
					"pbs.install");
		}
		return new Result(0,
				"Unpacking " + PACKAGE + " (" + VERSION + ") ...\nSetting up " + PACKAGE + " (" + VERSION + ") ...\n"
						+ "Created symlink '/etc/systemd/system/multi-user.target.wants/proxmox-backup-proxy.service'"
						+ " → '/usr/lib/systemd/system/proxmox-backup-proxy.service'.\n",
				"", "pbs.install");
	}

	private Result remove(Guest guest, boolean purge) {
		Map<String, byte[]> files = guest.files();
		if (!files.containsKey(MARKER)) {
			return Result.ok("Package '" + PACKAGE + "' is not installed, so not removed\n");
		}
		files.remove(MARKER);
		if (purge) {
			files.keySet().removeIf(path -> path.startsWith("/etc/proxmox-backup/"));
		}
		this.service.removed(guest.vmid(), purge);
		return Result.ok("Removing " + PACKAGE + " (" + VERSION + ") ...\n");
	}

	/**
	 * The Signed-By keyring of a sources entry for the PBS repository's
	 * pbs-no-subscription component, "" if it names none, null if there is no entry.
	 */
	static String keyring(Map<String, byte[]> files) {
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			if (!file.getKey().startsWith("/etc/apt/sources.list")) {
				continue;
			}
			String text = new String(file.getValue(), StandardCharsets.UTF_8);
			if (file.getKey().endsWith(".sources")) {
				for (String stanza : text.split("\n\\s*\n")) {
					if (stanza.matches("(?s).*URIs:\\s*" + Pattern.quote(REPOSITORY) + "/?\\s.*")
							&& stanza.matches("(?s).*Components:[^\\n]*pbs-no-subscription.*")
							&& !stanza.matches("(?s).*Enabled:\\s*no.*")) {
						Matcher key = Pattern.compile("(?m)^Signed-By:\\s*(\\S+)").matcher(stanza);
						return key.find() ? key.group(1) : "";
					}
				}
				continue;
			}
			for (String line : text.lines().toList()) {
				if (line.startsWith("deb ") && line.contains(REPOSITORY + " ")
						&& line.contains("pbs-no-subscription")) {
					Matcher key = SIGNED_BY.matcher(line);
					return key.find() ? key.group(1) : "";
				}
			}
		}
		return null;
	}

}
