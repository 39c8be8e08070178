package org.homelab.rollout.proxmox;

import java.net.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Asks Proxmox VE for its version as the application starts, on a thread of its own: the
 * log tells at once whether the inventory's Proxmox answers (URL, pinned certificate,
 * token), not only when a phase first calls it; and that first call finds the TLS set-up
 * and the connection made. Never holds up or fails the start.
 */
final class ProxmoxVersionCheck implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ProxmoxVersionCheck.class);

	private final ProxmoxOperations proxmox;

	private final URI url;

	private volatile boolean running;

	ProxmoxVersionCheck(ProxmoxOperations proxmox, URI url) {
		this.proxmox = proxmox;
		this.url = url;
	}

	@Override
	public void start() {
		this.running = true;
		Thread check = new Thread(this::check, "proxmox-version-check");
		check.setDaemon(true);
		check.start();
	}

	private void check() {
		try {
			log.info("Proxmox VE {} answers at {}", this.proxmox.cluster().version(), this.url);
		}
		catch (RuntimeException ex) {
			log.warn("Proxmox VE at {} does not answer yet (check inventory.proxmox): {}", this.url, ex.getMessage());
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
