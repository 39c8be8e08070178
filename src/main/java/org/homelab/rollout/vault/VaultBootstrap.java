package org.homelab.rollout.vault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
		if (this.seal.status(target).initialized()) {
			// killed after the hand-out, before this step ended: the step runs again and
			// adopts its own shares; the root token it held is generated again later
			Optional<SharesHandedOut> kept = this.handout.existing(target, holders);
			if (kept.isPresent()) {
				return kept.get();
			}
		}
		InitResult init = this.seal.initialize(target, this.properties.secretShares(),
				this.properties.secretThreshold(), holders.stream().map(PgpKeys.Holder::base64Key).toList());
		// on disk first: Vault hands the shares and the root token out only in this
		// answer,
		// and from the shares a root token can be generated again, but not the reverse
		SharesHandedOut handedOut = this.handout.handOut(target, init, holders);
		this.secrets.hold(target, init);
		return handedOut;
	}

	/**
	 * The plain shares file this engine wrote when it initialised the Vault at
	 * {@code target}, while it is still on the engine's host (not yet moved offline): a
	 * run cancelled between the initialisation and the unseal leaves Vault sealed and its
	 * shares there, and the next run unseals with them rather than asking a person. None
	 * with PGP holders: the engine never holds their shares.
	 */
	public Optional<Path> keptSharesFile(VaultTarget target) {
		if (!this.properties.pgpKeyFiles().isEmpty()) {
			return Optional.empty();
		}
		return this.handout.existing(target, List.of()).map(SharesHandedOut::plainFile);
	}

	/** Submits held shares until Vault is unsealed, then forgets them. */
	public SealState unsealWithHeldShares(VaultTarget target) {
		return unseal(target, null);
	}

	/**
	 * Submits the held shares, or after a restart lost them those of the plain shares
	 * file (null: none), until Vault is unsealed.
	 */
	public SealState unseal(VaultTarget target, Path sharesFile) {
		List<String> shares = this.secrets.shares(target)
			.or(() -> (sharesFile != null && Files.isRegularFile(sharesFile))
					? Optional.of(ShareHandout.readPlain(sharesFile)) : Optional.empty())
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
