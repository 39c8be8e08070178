package org.homelab.rollout.vault;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What installing Vault on its VM writes (config, TLS files) and runs: HashiCorp's Debian package, integrated
 * (raft) storage, a TLS listener, and the packaged systemd unit enabled. The files hold Vault's private key: they
 * go to the VM through the guest agent, never into a process variable.
 */
public record VaultInstallBundle(Map<String, String> files, String script) {

	public static final String CONFIG = "/etc/vault.d/vault.hcl";

	public static final String SCRIPT = "/root/install-vault.sh";

	static final String TLS_DIR = "/opt/vault/tls";

	private static final String SCRIPT_TEXT = """
			#!/bin/sh
			# written by homelab-rollout: installs Vault from HashiCorp's apt repository (Debian 12) and starts it
			set -eu
			if ! test -x /usr/bin/vault; then
			  apt-get update -q
			  apt-get install -y -q gpg curl lsb-release
			  keyring=/usr/share/keyrings/hashicorp.gpg
			  curl -fsSL https://apt.releases.hashicorp.com/gpg | gpg --dearmor --yes -o "$keyring"
			  echo "deb [signed-by=$keyring] https://apt.releases.hashicorp.com $(lsb_release -cs) main" \\
			    > /etc/apt/sources.list.d/hashicorp.list
			  apt-get update -q
			  apt-get install -y -q vault
			fi
			install -d -o vault -g vault -m 0750 /opt/vault/data
			chown root:vault /opt/vault/tls/vault.key /etc/vault.d/vault.hcl
			chmod 0640 /opt/vault/tls/vault.key /etc/vault.d/vault.hcl
			cp /opt/vault/tls/ca.crt /usr/local/share/ca-certificates/homelab-vault-ca.crt
			update-ca-certificates
			systemctl enable --now vault
			""";

	public static VaultInstallBundle of(String dnsName, int port, IssuedTls tls) {
		Map<String, String> files = new LinkedHashMap<>();
		files.put(CONFIG, hcl(dnsName, port));
		files.put(TLS_DIR + "/vault.crt", tls.certificateChainPem());
		files.put(TLS_DIR + "/vault.key", tls.privateKeyPem());
		files.put(TLS_DIR + "/ca.crt", tls.caCertificatePem());
		files.put(SCRIPT, SCRIPT_TEXT);
		return new VaultInstallBundle(Map.copyOf(files), "sh " + SCRIPT);
	}

	static String hcl(String dnsName, int port) {
		return """
				# written by homelab-rollout: Vault with integrated storage and TLS
				ui            = true
				disable_mlock = true
				api_addr      = "https://%1$s:%2$d"
				cluster_addr  = "https://%1$s:%3$d"

				storage "raft" {
				  path    = "/opt/vault/data"
				  node_id = "vault-1"
				}

				listener "tcp" {
				  address       = "0.0.0.0:%2$d"
				  tls_cert_file = "%4$s/vault.crt"
				  tls_key_file  = "%4$s/vault.key"
				}
				""".formatted(dnsName, port, port + 1, TLS_DIR);
	}

	@Override
	public String toString() {
		return "VaultInstallBundle" + this.files.keySet();
	}

}
