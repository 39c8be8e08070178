package org.homelab.rollout.rehearsal.vault;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.GuestCommand;

/**
 * HashiCorp's apt repository as a lab VM reaches it: {@code curl} fetches its signing
 * key, and {@code apt-get install
 * vault} finds the package only once a sources entry names the repository with a
 * {@code signed-by} key that exists, as apt does. The package leaves the binary, its
 * systemd unit and a default config (a conffile, kept if present).
 */
public final class HashicorpApt implements GuestCommand {

	static final String HOST = "apt.releases.hashicorp.com";

	static final String VERSION = "1.20.4-1";

	private static final Pattern SIGNED_BY = Pattern.compile("signed-by=([^\\s\\]]+)");

	private static final String KEY = """
			-----BEGIN PGP PUBLIC KEY BLOCK-----

			mQINBGO9u+MBEADmE9i8rpt8xhRqxbzlBG06z3qe+e1DI+SyjscyVVRcGDrEfo+J
			(rehearsal lab: HashiCorp Security's signing key stands here)
			=lab0
			-----END PGP PUBLIC KEY BLOCK-----
			""";

	private static final String UNIT = """
			[Unit]
			Description="HashiCorp Vault - A tool for managing secrets"
			Documentation=https://developer.hashicorp.com/vault/docs
			Requires=network-online.target
			After=network-online.target
			ConditionFileNotEmpty=/etc/vault.d/vault.hcl

			[Service]
			User=vault
			Group=vault
			ExecStart=/usr/bin/vault server -config=/etc/vault.d/vault.hcl
			ExecReload=/bin/kill --signal HUP $MAINPID
			Restart=on-failure
			LimitNOFILE=65536
			LimitMEMLOCK=infinity

			[Install]
			WantedBy=multi-user.target
			""";

	private static final String DEFAULT_CONFIG = """
			ui = true
			storage "file" {
			  path = "/opt/vault/data"
			}
			listener "tcp" {
			  address       = "0.0.0.0:8200"
			  tls_cert_file = "/opt/vault/tls/tls.crt"
			  tls_key_file  = "/opt/vault/tls/tls.key"
			}
			""";

	private final Contracts contracts;

	/**
	 * {@code contracts}: where the Vault contract stands, read while the package
	 * installs.
	 */
	public HashicorpApt(Contracts contracts) {
		this.contracts = contracts;
	}

	@Override
	public boolean handles(List<String> argv) {
		String program = argv.get(0).replaceFirst("^.*/", "");
		if (program.equals("curl")) {
			return argv.stream().anyMatch(a -> a.contains("://" + HOST + "/"));
		}
		return (program.equals("apt-get") || program.equals("apt")) && argv.contains("install")
				&& argv.contains("vault");
	}

	@Override
	public Result run(Guest guest, List<String> argv, String stdin) {
		if (argv.get(0).endsWith("curl")) {
			return curl(guest, argv);
		}
		String keyring = keyring(guest.files());
		if (keyring == null) {
			return new Result(100, "Reading package lists...\nBuilding dependency tree...\n",
					"E: Unable to locate package vault\n", null);
		}
		if (!guest.files().containsKey(keyring)) {
			return new Result(100, "",
					"W: GPG error: https://" + HOST + " bookworm InRelease: The following "
							+ "signatures couldn't be verified because the public key is not available\n"
							+ "E: The repository 'https://" + HOST + " bookworm InRelease' is not signed.\n",
					null);
		}
		Map<String, byte[]> files = guest.files();
		boolean installed = files.containsKey("/usr/bin/vault");
		files.put("/usr/bin/vault", ("vault " + VERSION).getBytes(StandardCharsets.UTF_8));
		files.put("/usr/lib/systemd/system/vault.service", UNIT.getBytes(StandardCharsets.UTF_8));
		files.putIfAbsent("/etc/vault.d/vault.hcl", DEFAULT_CONFIG.getBytes(StandardCharsets.UTF_8));
		files.putIfAbsent("/etc/vault.d/vault.env", new byte[0]);
		if (installed) {
			return new Result(0, "vault is already the newest version (" + VERSION + ").\n", "", "proxmox.apt-noop");
		}
		// while the package installs (minutes, really), the lab reads Vault's contract
		// for
		// the server about to start: not at the lab's start, when no Vault may ever run
		VaultService.prepare(this.contracts);
		return new Result(0, "Unpacking vault (" + VERSION + ") ...\nSetting up vault (" + VERSION + ") ...\n", "",
				"proxmox.install");
	}

	private static Result curl(Guest guest, List<String> argv) {
		String output = null;
		for (int i = 1; i + 1 < argv.size(); i++) {
			if (argv.get(i).equals("-o") || argv.get(i).equals("--output")) {
				output = argv.get(i + 1);
			}
		}
		boolean keyUrl = argv.stream().anyMatch(a -> a.equals("https://" + HOST + "/gpg"));
		if (!keyUrl) {
			return Result.fail(22, "curl: (22) The requested URL returned error: 404\n");
		}
		if (output == null) {
			return Result.ok(KEY);
		}
		guest.files().put(output, KEY.getBytes(StandardCharsets.UTF_8));
		return Result.ok("");
	}

	/**
	 * The signed-by key of a sources entry naming the repository, or null when none names
	 * it.
	 */
	private static String keyring(Map<String, byte[]> files) {
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			if (!file.getKey().startsWith("/etc/apt/sources.list")) {
				continue;
			}
			String text = new String(file.getValue(), StandardCharsets.UTF_8);
			for (String line : text.lines().toList()) {
				if (line.startsWith("deb ") && line.contains("https://" + HOST)) {
					Matcher key = SIGNED_BY.matcher(line);
					return key.find() ? key.group(1) : "";
				}
			}
		}
		return null;
	}

}
