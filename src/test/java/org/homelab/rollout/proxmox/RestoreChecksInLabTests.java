package org.homelab.rollout.proxmox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.homelab.rollout.support.TestLabs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * restore-test's service checks (deploy/backup/restore-checks): each is valid sh (the
 * real one parses it), and each passes in a guest holding what the earlier phases leave
 * on that VM (the paths the rollout's install scripts and the lab's services write) and
 * fails, naming the file, when one of them was not in the backup.
 */
class RestoreChecksInLabTests {

	static final Path DIR = Path.of("deploy/backup/restore-checks");

	static final int VMID = 160;

	static ProxmoxLab lab;

	static ProxmoxOperations proxmox;

	@BeforeAll
	static void start() {
		lab = TestLabs.started(ProxmoxLabSettings.defaults());
		proxmox = LabSites.client(lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	static Stream<Arguments> checks() {
		return Stream.of(Arguments.of("vault",
				// as vault-install writes them (VaultInstallBundle)
				Map.of("/etc/vault.d/vault.hcl",
						"storage \"raft\" {\n  path    = \"/opt/vault/data\"\n}\nlistener \"tcp\" {\n"
								+ "  tls_cert_file = \"/opt/vault/tls/vault.crt\"\n"
								+ "  tls_key_file  = \"/opt/vault/tls/vault.key\"\n}\n",
						"/opt/vault/data/.dir", "", "/opt/vault/tls/vault.crt", "cert", "/opt/vault/tls/vault.key",
						"not-shown", "/opt/vault/tls/ca.crt", "ca"),
				"/opt/vault/tls/vault.key"),
				Arguments.of("gitlab-ce",
						Map.of("/etc/gitlab/gitlab.rb", "external_url 'https://gitlab.rehearsal.lan'\n",
								"/etc/gitlab/gitlab-secrets.json", "{\"gitlab_rails\":{}}\n",
								"/opt/gitlab/embedded/service/gitlab-rails/VERSION", "18.6.1\n",
								"/var/opt/gitlab/backups/1733540000_2026_12_07_18.6.1_gitlab_backup.tar", "tar"),
						"/etc/gitlab/gitlab-secrets.json"),
				Arguments.of("prometheus",
						Map.of("/usr/bin/prometheus", "", "/etc/prometheus/prometheus.yml", "scrape_configs: []\n"),
						"/etc/prometheus/prometheus.yml"),
				Arguments.of("ansible",
						Map.of("/srv/ansible/site.yml", "- hosts: all\n", "/srv/ansible/inventory/proxmox.yml",
								"plugin: community.general.proxmox\n", "/etc/homelab-ansible/pve-root-ca.pem", "ca",
								"/etc/homelab-ansible/proxmox-token-secret", "not-shown"),
						"/srv/ansible/site.yml"),
				Arguments.of("generic", Map.of(), null));
	}

	@ParameterizedTest
	@MethodSource("checks")
	void passesWithWhatThePhasesLeftAndFailsNamingWhatIsMissing(String check, Map<String, String> files, String missing)
			throws IOException {
		String script = Files.readString(DIR.resolve(check + ".sh"));
		ExecStatus passed = run(script, files);
		assertThat(passed.exitCode()).as(check + ": " + passed.err()).isZero();
		assertThat(passed.out()).startsWith(check.equals("generic") ? "" : check + ":");
		assertThat(passed.out()).doesNotContain("not-shown");
		if (missing != null) {
			Map<String, String> without = new HashMap<>(files);
			without.remove(missing);
			ExecStatus failed = run(script, without);
			assertThat(failed.exitCode()).as(check).isNotZero();
			assertThat(failed.err()).contains(missing);
		}
	}

	/**
	 * vault-install makes the data directory with install -d (VaultInstallBundle), which
	 * the lab's guests do as sh does: so the vault check passes after a real install.
	 */
	@Test
	void installDMakesTheDirectoryTheVaultCheckLooksFor() {
		ExecStatus made = run("install -d -o vault -g vault -m 0750 /opt/vault/data\ntest -d /opt/vault/data\n",
				Map.of());
		ExecStatus absent = run("test -d /opt/vault/data\n", Map.of());

		assertThat(made.exitCode()).isZero();
		assertThat(absent.exitCode()).isEqualTo(1);
	}

	@Test
	void everyCheckIsValidShAndCoveredHere() throws Exception {
		List<Path> scripts;
		try (Stream<Path> files = Files.list(DIR)) {
			scripts = files.filter(file -> file.toString().endsWith(".sh")).sorted().toList();
		}
		assertThat(scripts).extracting(file -> file.getFileName().toString().replace(".sh", ""))
			.containsExactlyInAnyOrderElementsOf(checks().map(arguments -> (String) arguments.get()[0]).toList());
		for (Path script : scripts) {
			assertThat(Files.readString(script)).startsWith("#!/bin/sh\n").contains("\nset -eu\n");
			Process sh = new ProcessBuilder("sh", "-n", script.toString()).redirectErrorStream(true).start();
			String said = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(sh.waitFor()).as(script + ": " + said).isZero();
		}
	}

	private static ExecStatus run(String script, Map<String, String> files) {
		Map<String, byte[]> bytes = new HashMap<>();
		files.forEach((path, content) -> bytes.put(path, content.getBytes(StandardCharsets.UTF_8)));
		lab.seedRunningVm(VMID, "restored", "127.0.10.60", bytes);
		proxmox.agent("pve").fileWrite(VMID, "/root/check.sh", script);
		int pid = proxmox.agent("pve").exec(VMID, List.of("bash", "/root/check.sh"), null);
		await().atMost(Duration.ofSeconds(10)).until(() -> proxmox.agent("pve").execStatus(VMID, pid).exited());
		return proxmox.agent("pve").execStatus(VMID, pid);
	}

}
