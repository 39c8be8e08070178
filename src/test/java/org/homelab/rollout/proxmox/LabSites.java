package org.homelab.rollout.proxmox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import okhttp3.OkHttpClient;
import org.homelab.rollout.inventory.ProxmoxSite;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;

/** Inventory sites and clients pointing at a rehearsal lab, for tests of the client. */
final class LabSites {

	private LabSites() {
	}

	static ProxmoxSite pinned(ProxmoxLab lab, String fingerprint) {
		return site(lab, null, fingerprint);
	}

	static ProxmoxSite site(ProxmoxLab lab, String caFile, String fingerprint) {
		return new ProxmoxSite(URI.create(lab.url()), List.of("pve"), ProxmoxLabSettings.DEFAULT_TOKEN_ID, null,
				"LAB_TOKEN", caFile, fingerprint, new ProxmoxSite.Template(9000, "debian-12-cloudinit"), "local-lvm",
				"local", "vmbr0");
	}

	/**
	 * A client pinned to the lab's certificate, its token secret from a fake environment.
	 */
	static ProxmoxOperations client(ProxmoxLab lab) {
		return client(pinned(lab, lab.fingerprintSha256()), Duration.ofSeconds(5));
	}

	static ProxmoxOperations client(ProxmoxSite site, Duration readTimeout) {
		return client(site, readTimeout, 0);
	}

	static ProxmoxOperations client(ProxmoxSite site, Duration readTimeout, int requestRetries) {
		return ProxmoxClientConfiguration.create(new OkHttpClient(), site,
				new ProxmoxClientProperties(Duration.ofSeconds(2), readTimeout, requestRetries),
				Map.of("LAB_TOKEN", ProxmoxLabSettings.DEFAULT_TOKEN_SECRET)::get);
	}

	static Path write(Path dir, String name, String content) {
		try {
			return Files.writeString(dir.resolve(name), content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
