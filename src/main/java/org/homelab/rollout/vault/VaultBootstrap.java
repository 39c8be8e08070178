package org.homelab.rollout.vault;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Initialises a Vault and unseals it with the shares it still holds in memory. The shares
 * go to their holders (or a 0600 file) in the same step that receives them, so a crash
 * afterwards loses nothing an operator cannot redo.
 */
@Component
public class VaultBootstrap {

	private final VaultSeal seal;

	private final BootstrapSecrets secrets;

	private final ShareHandout handout;

	private final VaultProperties properties;

	VaultBootstrap(VaultSeal seal, BootstrapSecrets secrets, ShareHandout handout, VaultProperties properties) {
		this.seal = seal;
		this.secrets = secrets;
		this.handout = handout;
		this.properties = properties;
	}

	public SharesHandedOut initialize(VaultTarget target) {
		List<PgpKeys.Holder> holders = PgpKeys.read(this.properties.pgpKeyFiles());
		if (!holders.isEmpty() && holders.size() != this.properties.secretShares()) {
			throw new VaultSetupException("rollout.vault.pgp-key-files lists " + holders.size() + " keys but "
					+ "rollout.vault.secret-shares is " + this.properties.secretShares()
					+ ": give one key per share holder.");
		}
		InitResult init = this.seal.initialize(target, this.properties.secretShares(),
				this.properties.secretThreshold(), holders.stream().map(PgpKeys.Holder::base64Key).toList());
		this.secrets.hold(target, init);
		return this.handout.handOut(target, init, holders);
	}

	/** Submits held shares until Vault is unsealed, then forgets them. */
	public SealState unsealWithHeldShares(VaultTarget target) {
		List<String> shares = this.secrets.shares(target)
			.orElseThrow(() -> new VaultSetupException("The engine no longer holds the unseal shares of Vault at "
					+ target + " (it restarted since initialising it). Unseal Vault with the shares from the shares "
					+ "file or their holders ('vault operator unseal'), then retry this step or restart the setup."));
		SealState state = this.seal.status(target);
		for (String share : shares) {
			if (!state.sealed()) {
				break;
			}
			state = this.seal.unseal(target, share);
		}
		if (state.sealed()) {
			throw new VaultSetupException(
					"Vault at " + target + " is still sealed after all " + shares.size() + " held shares (progress "
							+ state.progress() + " of " + state.threshold() + "). Check Vault's log on its VM.");
		}
		this.secrets.forgetShares(target);
		return state;
	}

}
