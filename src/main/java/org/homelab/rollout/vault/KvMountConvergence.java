package org.homelab.rollout.vault;

import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultMount;

/**
 * The homelab's KV version 2 secrets engine: mounted once, adopted when it is there,
 * refused when it is not KV v2.
 */
@Component
public class KvMountConvergence {

	private static final String ADVICE = "The engine's token may lack rights on sys/mounts (see its policy "
			+ VaultPolicies.ENGINE + ").";

	private final VaultProperties properties;

	KvMountConvergence(VaultProperties properties) {
		this.properties = properties;
	}

	/** The KV mount's path, e.g. {@code homelab}. */
	public String mount() {
		return this.properties.kvMount();
	}

	/**
	 * What {@link #ensure} would do, read without writing (the plan preview): CREATED or
	 * UNCHANGED; a mount of another type fails as ensure would. @see "GET /sys/mounts"
	 */
	public Outcome preview(VaultTarget target, VaultOperations vault) {
		Map<String, VaultMount> mounts = VaultCalls.call(target, "GET /v1/sys/mounts", ADVICE,
				() -> vault.opsForSys().getMounts());
		VaultMount existing = mounts.get(mount() + "/");
		if (existing != null) {
			refuseOtherType(target, existing);
			return Outcome.UNCHANGED;
		}
		return Outcome.CREATED;
	}

	/** @see "GET /sys/mounts", "POST /sys/mounts/:path" */
	public Outcome ensure(VaultTarget target, VaultOperations vault) {
		String mount = this.properties.kvMount();
		Map<String, VaultMount> mounts = VaultCalls.call(target, "GET /v1/sys/mounts", ADVICE,
				() -> vault.opsForSys().getMounts());
		VaultMount existing = mounts.get(mount + "/");
		if (existing != null) {
			refuseOtherType(target, existing);
			return Outcome.UNCHANGED;
		}
		VaultCalls.run(target, "POST /v1/sys/mounts/" + mount, ADVICE,
				() -> vault.opsForSys()
					.mount(mount,
							VaultMount.builder()
								.type("kv")
								.options(Map.of("version", "2"))
								.description("homelab secrets, written by homelab-rollout")
								.build()));
		return Outcome.CREATED;
	}

	private void refuseOtherType(VaultTarget target, VaultMount existing) {
		if (!kvVersion2(existing)) {
			throw new VaultSetupException("Vault at " + target + " already has a secrets engine at "
					+ this.properties.kvMount() + "/ of type " + existing.getType() + " " + existing.getOptions()
					+ ", not KV version 2. Move its data and disable it, or set rollout.vault.kv-mount to a free "
					+ "path, then retry.");
		}
	}

	/**
	 * Unmounts it, with every secret in it (compensation of a mount this run created).
	 */
	public void remove(VaultTarget target, VaultOperations vault) {
		String mount = this.properties.kvMount();
		VaultCalls.run(target, "DELETE /v1/sys/mounts/" + mount, ADVICE, () -> vault.opsForSys().unmount(mount));
	}

	private static boolean kvVersion2(VaultMount mount) {
		return "kv-v2".equals(mount.getType()) || ("kv".equals(mount.getType()) && mount.getOptions() != null
				&& "2".equals(String.valueOf(mount.getOptions().get("version"))));
	}

}
