package org.homelab.rollout.backup.steps;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scripts pbs-install and pbs-remove run on the proxmox-backup VM through run-script.
 * None holds a secret: the engine's password and the exporter's token pass through
 * root-only files in root's home, which the steps write from Vault.
 */
final class PbsScripts {

	/** Present once the package is installed. */
	static final String PACKAGE_MARKER = "/usr/sbin/proxmox-backup-manager";

	/** Names the run that installed the package, so only its undo purges it. */
	static final String RUN_MARK = "/etc/proxmox-backup/homelab-rollout-run";

	static final String KEYRING = "/usr/share/keyrings/proxmox-archive-keyring.gpg";

	static final String KEY_URL = "https://enterprise.proxmox.com/debian/proxmox-archive-keyring-trixie.gpg";

	static final String SOURCES = "/etc/apt/sources.list.d/proxmox.sources";

	/**
	 * The engine's password on its way from Vault to proxmox-backup-manager; removed once
	 * set.
	 */
	static final String PASSWORD_HANDOVER = "/root/.homelab-rollout-pbs-engine-password";

	/** The exporter's token secret on its way from Vault to its file. */
	static final String EXPORTER_TOKEN_HANDOVER = "/root/.homelab-rollout-pbs-exporter-token";

	static final String EXPORTER_UNIT = "/etc/systemd/system/prometheus-pbs-exporter.service";

	static final String EXPORTER_TOKEN_FILE = "/etc/pbs-exporter/token";

	static final String EXPORTER_BINARY = "/usr/local/bin/pbs-exporter";

	static final String EXPORTER_VERSION = "v0.9.3";

	static final String EXPORTER_ASSET = "pbs-exporter_" + EXPORTER_VERSION + "_linux_amd64.tar.gz";

	static final String EXPORTER_URL = "https://github.com/natrontech/pbs-exporter/releases/download/"
			+ EXPORTER_VERSION + "/" + EXPORTER_ASSET;

	/**
	 * Names the run that created the engine's user (a retried bootstrap finds the user
	 * there and updates it: the mark still says whose it is).
	 */
	static final String ENGINE_USER_MARK = "/etc/proxmox-backup/homelab-rollout-engine-user";

	private static final Pattern FINGERPRINT = Pattern
		.compile("(?m)^Fingerprint \\(sha256\\):\\s*([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){31})\\s*$");

	private static final Pattern RUN = Pattern.compile("[A-Za-z0-9._:-]+");

	private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9_./-]+");

	private PbsScripts() {
	}

	/** The disk as the guest sees it: QEMU's scsi-hd names it after the drive. */
	static String device(String disk) {
		if (!disk.matches("scsi\\d+")) {
			throw new IllegalArgumentException("inventory.backup.datastore-disk " + disk
					+ " refused: pbs-install finds only SCSI disks in the guest (scsi1, the default)");
		}
		return "/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-" + disk;
	}

	/**
	 * The datastore's disk formatted (ext4) unless it holds a file system already (an
	 * adopted disk keeps its data), in /etc/fstab by its stable name, mounted at the
	 * datastore's path. Safe to repeat.
	 */
	static String prepareDisk(String disk, String path) {
		String device = device(disk);
		String mountPoint = checkedPath(path);
		return """
				#!/bin/sh
				# written by homelab-rollout: the datastore's own disk, formatted once, mounted (docs/backup.md)
				set -eu
				blkid -o value -s TYPE %1$s || mkfs.ext4 -q %1$s
				mkdir -p %2$s
				grep -q " %2$s " /etc/fstab || echo "%1$s %2$s ext4 defaults,nofail 0 2" >> /etc/fstab
				mountpoint -q %2$s || mount %2$s
				""".formatted(device, mountPoint);
	}

	/**
	 * Proxmox's key and deb822 source for PBS on Debian 13, the package, the run's mark.
	 * Safe to repeat: apt keeps an installed package.
	 */
	static String install(String run) {
		return """
				#!/bin/sh
				# written by homelab-rollout: Proxmox Backup Server from Proxmox's repository (docs/backup.md)
				set -eu
				mkdir -p /usr/share/keyrings
				test -s %1$s || curl -fsSL %2$s -o %1$s
				cat > %3$s <<EOF
				Types: deb
				URIs: http://download.proxmox.com/debian/pbs
				Suites: trixie
				Components: pbs-no-subscription
				Signed-By: %1$s
				EOF
				apt-get -o DPkg::Lock::Timeout=600 update -q
				apt-get -o DPkg::Lock::Timeout=600 install -y -q proxmox-backup-server
				echo %4$s > %5$s
				""".formatted(KEYRING, KEY_URL, SOURCES, checkedRun(run), RUN_MARK);
	}

	/**
	 * The engine's admin user {@value PbsSteps#ENGINE_USER} with the password from the
	 * hand-over file (created, with the run's mark, else its password updated), Admin on
	 * {@code /}; the certificate's fingerprint printed; the hand-over removed.
	 */
	static String bootstrap(String run) {
		String user = PbsSteps.ENGINE_USER;
		return """
				#!/bin/sh
				# written by homelab-rollout: the engine's admin user on PBS, its password from Vault (docs/backup.md)
				set -eu
				test -s %1$s
				proxmox-backup-manager user create %2$s --password "$(cat %1$s)" --comment homelab-rollout && echo %3$s > %4$s || proxmox-backup-manager user update %2$s --password "$(cat %1$s)"
				proxmox-backup-manager acl update / Admin --auth-id %2$s
				proxmox-backup-manager cert info
				rm -f %1$s
				"""
			.formatted(PASSWORD_HANDOVER, user, checkedRun(run), ENGINE_USER_MARK);
	}

	/**
	 * natrontech/pbs-exporter's release binary (its archive checked against the pinned
	 * SHA-256), its system user, the token and unit moved into place, the unit enabled
	 * and (re)started so it reads the token.
	 */
	static String exporter(String sha256) {
		if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
			throw new IllegalStateException("rollout.backup.exporter-sha256 is not set: put the SHA-256 of "
					+ EXPORTER_ASSET + " from the release's checksums.txt (" + EXPORTER_URL.replace(EXPORTER_ASSET, "")
					+ "checksums.txt, its signature checked) there, then retry.");
		}
		return """
				#!/bin/sh
				# written by homelab-rollout: natrontech/pbs-exporter as prometheus-pbs-exporter (docs/backup-monitoring.md)
				set -eu
				test -x %1$s || curl -fsSL -o /root/%2$s %3$s
				test -x %1$s || echo "%4$s  /root/%2$s" | sha256sum -c -
				test -x %1$s || tar -xzf /root/%2$s -C /usr/local/bin pbs-exporter
				rm -f /root/%2$s
				id pbs-exporter || useradd --system --no-create-home --shell /usr/sbin/nologin pbs-exporter
				install -d -m 0750 /etc/pbs-exporter
				test ! -e %5$s || mv %5$s %6$s
				chown pbs-exporter %6$s
				chmod 600 %6$s
				systemctl daemon-reload
				systemctl enable --now prometheus-pbs-exporter
				systemctl restart prometheus-pbs-exporter
				"""
			.formatted(EXPORTER_BINARY, EXPORTER_ASSET, EXPORTER_URL, sha256, EXPORTER_TOKEN_HANDOVER,
					EXPORTER_TOKEN_FILE);
	}

	/**
	 * pbs-remove on the VM: the engine's user if the run created it, the exporter if it
	 * installed it, the package if it installed it; with the backups deleted, the disk
	 * this run added unmounted and out of /etc/fstab (its volume is removed next).
	 */
	static String remove(boolean engineUser, boolean exporter, boolean packageInstalled, boolean unmount, String path) {
		StringBuilder script = new StringBuilder("""
				#!/bin/sh
				# written by homelab-rollout: removes what pbs-install made on this VM (docs/backup.md)
				set -eu
				rm -f %s %s
				""".formatted(PASSWORD_HANDOVER, EXPORTER_TOKEN_HANDOVER));
		if (engineUser && !packageInstalled) {
			script.append("proxmox-backup-manager user remove ")
				.append(PbsSteps.ENGINE_USER)
				.append("\nrm -f ")
				.append(ENGINE_USER_MARK)
				.append('\n');
		}
		if (exporter) {
			script.append("systemctl disable --now prometheus-pbs-exporter\n")
				.append("rm -f ")
				.append(EXPORTER_UNIT)
				.append(' ')
				.append(EXPORTER_BINARY)
				.append(' ')
				.append(EXPORTER_TOKEN_FILE)
				.append("\nsystemctl daemon-reload\n");
		}
		if (packageInstalled) {
			script.append("apt-get -o DPkg::Lock::Timeout=600 purge -y -q proxmox-backup-server\n")
				.append("rm -f ")
				.append(SOURCES)
				.append(' ')
				.append(KEYRING)
				.append(' ')
				.append(RUN_MARK)
				.append('\n');
		}
		if (unmount) {
			String mountPoint = checkedPath(path);
			script.append("mountpoint -q ")
				.append(mountPoint)
				.append(" && umount ")
				.append(mountPoint)
				.append(" || true\n")
				.append("grep -v \" ")
				.append(mountPoint)
				.append(" \" /etc/fstab > /etc/fstab.homelab-rollout || true\n")
				.append("mv /etc/fstab.homelab-rollout /etc/fstab\n");
		}
		return script.toString();
	}

	/** The fingerprint {@code proxmox-backup-manager cert info} printed; null if none. */
	static String fingerprint(String output) {
		Matcher matcher = FINGERPRINT.matcher((output != null) ? output : "");
		return matcher.find() ? matcher.group(1).toLowerCase(java.util.Locale.ROOT) : null;
	}

	static String checkedRun(String run) {
		if (run == null || !RUN.matcher(run).matches()) {
			throw new IllegalArgumentException(
					"rollout run '" + run + "' refused for PBS's mark: letters, digits, '.', '_', ':' and '-' only");
		}
		return run;
	}

	private static String checkedPath(String path) {
		if (!PATH.matcher(path).matches()) {
			throw new IllegalArgumentException("datastore path '" + path + "' refused: an absolute path");
		}
		return path;
	}

}
