package org.homelab.rollout.proxmox;

import java.util.Map;
import java.util.Optional;

/**
 * Text files in one VM through its guest agent: a missing file reads as empty, and a
 * failed write names the path and the VM, never the content.
 */
public final class GuestFiles {

	private final ProxmoxAgentOperations agent;

	private final int vmid;

	private final String name;

	public GuestFiles(ProxmoxAgentOperations agent, int vmid, String name) {
		this.agent = agent;
		this.vmid = vmid;
		this.name = name;
	}

	/** A file's content, or empty when the guest has no such file. */
	public Optional<String> read(String path) {
		try {
			return Optional.of(this.agent.fileRead(this.vmid, path));
		}
		catch (ProxmoxApiException ex) {
			if (ex.fileNotFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/** Writes each file. */
	public void write(Map<String, String> files) {
		files.forEach((path, content) -> {
			try {
				this.agent.fileWrite(this.vmid, path, content);
			}
			catch (ProxmoxException ex) {
				throw new ProxmoxException(ex.call(), "Writing " + path + " into VM " + this.vmid + " (" + this.name
						+ ") through the guest agent failed: " + ex.getMessage(), ex.isTransient(), ex);
			}
		});
	}

}
