package org.homelab.rollout.vault;

import java.util.ArrayList;
import java.util.List;

/**
 * What installing Vault on its VM writes and runs: HashiCorp's Debian package, integrated
 * (raft) storage, a TLS listener, a hardened systemd unit. The guest agent cannot create
 * directories, so the files are staged in root's home and the script moves them into
 * place after the package made its directories. The files hold Vault's private key: they
 * go to the VM through the guest agent, never into a process variable.
 */
public record VaultInstallBundle(List<StagedFile> files, String script) {

	public static final String CONFIG = "/etc/vault.d/vault.hcl";

	public static final String UNIT = "/etc/systemd/system/vault.service";

	static final String TLS_DIR = "/opt/vault/tls";

	/**
	 * The plan's VMs are clones of a Debian 12 cloud image: HashiCorp's repository suite
	 * for it.
	 */
	static final String DEBIAN_SUITE = "bookworm";

	private static final String STAGING = "/root/homelab-rollout-vault.";

	private static final String KEYRING = "/usr/share/keyrings/hashicorp-archive-keyring.asc";

	/**
	 * A file written through the guest agent to {@code staged}, then moved to
	 * {@code target} by the script.
	 */
	public record StagedFile(String staged, String target, String content) {

		@Override
		public String toString() {
			return this.staged + " -> " + this.target;
		}

	}

	public static VaultInstallBundle of(String dnsName, int port, IssuedTls tls) {
		List<StagedFile> files = new ArrayList<>();
		files.add(staged(CONFIG, hcl(dnsName, port)));
		files.add(staged(TLS_DIR + "/vault.crt", tls.certificateChainPem()));
		files.add(staged(TLS_DIR + "/vault.key", tls.privateKeyPem()));
		files.add(staged(TLS_DIR + "/ca.crt", tls.caCertificatePem()));
		files.add(staged(UNIT, unit()));
		return new VaultInstallBundle(List.copyOf(files), script(files));
	}

	private static StagedFile staged(String target, String content) {
		return new StagedFile(STAGING + target.substring(target.lastIndexOf('/') + 1), target, content);
	}

	/**
	 * Plain commands only (no if/for), safe to run again: apt and install are idempotent,
	 * and a file already moved is not moved twice.
	 */
	static String script(List<StagedFile> files) {
		StringBuilder moves = new StringBuilder();
		for (StagedFile file : files) {
			moves.append("test ! -f ")
				.append(file.staged())
				.append(" || mv -f ")
				.append(file.staged())
				.append(' ')
				.append(file.target())
				.append('\n');
		}
		return """
				#!/bin/bash
				# written by homelab-rollout: Vault from HashiCorp's apt repository, started with the configuration and
				# TLS files the engine staged in /root
				set -eu
				export DEBIAN_FRONTEND=noninteractive
				apt-get -o DPkg::Lock::Timeout=600 update -q
				apt-get -o DPkg::Lock::Timeout=600 install -y -q curl ca-certificates
				curl -fsSL https://apt.releases.hashicorp.com/gpg -o %1$s
				echo "deb [signed-by=%1$s] https://apt.releases.hashicorp.com %2$s main" > /etc/apt/sources.list.d/hashicorp.list
				apt-get -o DPkg::Lock::Timeout=600 update -q
				apt-get -o DPkg::Lock::Timeout=600 install -y -q vault
				install -d -o vault -g vault -m 0750 /opt/vault/data
				install -d -o root -g vault -m 0750 %3$s
				%4$schown root:vault %5$s %3$s/vault.key
				chmod 0640 %5$s %3$s/vault.key
				chmod 0644 %3$s/vault.crt %3$s/ca.crt %6$s
				cp %3$s/ca.crt /usr/local/share/ca-certificates/homelab-vault-ca.crt
				update-ca-certificates
				systemctl daemon-reload
				systemctl enable --now vault
				"""
			.formatted(KEYRING, DEBIAN_SUITE, TLS_DIR, moves, CONFIG, UNIT);
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

				  # Prometheus scrapes /v1/sys/metrics without a token (the plan's integration matrix)
				  telemetry {
				    unauthenticated_metrics_access = true
				  }
				}

				telemetry {
				  prometheus_retention_time = "30s"
				  disable_hostname          = true
				}
				""".formatted(dnsName, port, port + 1, TLS_DIR);
	}

	/**
	 * HashiCorp's packaged unit, hardened the same way, so the config path and user are
	 * the rollout's choice.
	 */
	static String unit() {
		return """
				# written by homelab-rollout
				[Unit]
				Description=HashiCorp Vault
				Documentation=https://developer.hashicorp.com/vault/docs
				Requires=network-online.target
				After=network-online.target
				ConditionFileNotEmpty=/etc/vault.d/vault.hcl

				[Service]
				User=vault
				Group=vault
				ProtectSystem=full
				ProtectHome=read-only
				PrivateTmp=yes
				PrivateDevices=yes
				NoNewPrivileges=yes
				CapabilityBoundingSet=CAP_SYSLOG CAP_IPC_LOCK
				AmbientCapabilities=CAP_IPC_LOCK
				ExecStart=/usr/bin/vault server -config=/etc/vault.d/vault.hcl
				ExecReload=/bin/kill --signal HUP $MAINPID
				KillMode=process
				KillSignal=SIGINT
				Restart=on-failure
				RestartSec=5
				LimitNOFILE=65536
				LimitMEMLOCK=infinity

				[Install]
				WantedBy=multi-user.target
				""";
	}

	@Override
	public String toString() {
		return "VaultInstallBundle" + this.files;
	}

}
