package org.homelab.rollout.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;

/**
 * Gets the engine its token back when a restart lost the root token of a Vault's
 * initialisation (docs/vault-recovery.md): a root token is generated again from a quorum
 * of unseal shares, by the engine itself from the plain shares file, or by the share
 * holders with their PGP-encrypted shares; with it the engine creates its token and
 * revokes every root token, that one last. The generated root token lives only in memory
 * within one step; the attempt's OTP, when the holders' work spans steps, in a 0600 file
 * of the state directory, deleted once used or cancelled.
 */
@Component
public class RootRecovery {

	/** An attempt the holders work on: its nonce (not a secret) and the quorum. */
	public record HoldersAttempt(String nonce, int required) {
	}

	/**
	 * Whether the holders' attempt gave the engine its token; if not, what to tell them
	 * and the nonce they work with now.
	 */
	public record HoldersResult(boolean done, String status, String nonce) {
	}

	private static final Pattern NONCE = Pattern.compile("[0-9a-fA-F-]{1,64}");

	private static final String OTP_PREFIX = "root-generation-";

	private static final String OTP_SUFFIX = ".otp";

	private final VaultRootGeneration generation;

	private final EngineAccess access;

	private final VaultConnections connections;

	private final VaultProperties properties;

	RootRecovery(VaultRootGeneration generation, EngineAccess access, VaultConnections connections,
			VaultProperties properties) {
		this.generation = generation;
		this.access = access;
		this.connections = connections;
		this.properties = properties;
	}

	/**
	 * With the shares of the plain shares file, in this one step: generates a root token,
	 * ensures the engine token, revokes every root token.
	 */
	public void recoverWithShares(VaultTarget target, Path sharesFile) {
		List<String> shares = ShareHandout.readPlain(sharesFile);
		// an attempt in progress cannot be finished by anyone: its OTP went with the
		// crashed recovery that started it (plain shares have no holders working on one)
		if (this.generation.status(target).started()) {
			this.generation.cancel(target);
		}
		VaultRootGeneration.Started started = this.generation.start(target);
		VaultRootGeneration.Progress progress = null;
		for (String share : shares) {
			progress = this.generation.update(target, share, started.nonce());
			if (progress.complete()) {
				break;
			}
		}
		if (progress == null || !progress.complete()) {
			this.generation.cancel(target);
			throw new VaultSetupException("The shares file " + sharesFile + " holds " + shares.size()
					+ " shares, fewer than the " + started.required() + " Vault at " + target + " needs to generate a "
					+ "root token. Generate one with the holders as described in docs/vault-recovery.md.");
		}
		String root = VaultRootGeneration.decode(progress.encodedToken(), started.otp());
		if (root == null) {
			throw new VaultSetupException("Vault at " + target + " answered the root generation with a token that "
					+ "does not fit its one-time password. Check Vault's log on its VM and retry.");
		}
		this.access.handOver(target, root);
	}

	/**
	 * Starts an attempt for the holders and keeps its OTP in a 0600 file; adopts the
	 * attempt in progress if its OTP file is there (a restart, or a cancelled run, left
	 * it), else cancels it, as nobody could decode its token.
	 */
	public HoldersAttempt startWithHolders(VaultTarget target) {
		VaultRootGeneration.Attempt current = this.generation.status(target);
		if (current.started()) {
			if (Files.isRegularFile(otpFile(current.nonce()))) {
				return new HoldersAttempt(current.nonce(), current.required());
			}
			this.generation.cancel(target);
		}
		VaultRootGeneration.Started started = this.generation.start(target);
		// a crash before this write leaves an attempt without OTP: the next start cancels
		// it
		OwnerOnlyFiles.write(otpFile(started.nonce()), started.otp().getBytes(StandardCharsets.UTF_8));
		deleteOtpFilesBut(started.nonce());
		return new HoldersAttempt(started.nonce(), started.required());
	}

	/**
	 * After the holders' task: done when the attempt is complete and the encoded token
	 * they were given decodes, with the kept OTP, to a valid root token, which then hands
	 * the engine its token and revokes every root token.
	 */
	public HoldersResult finishWithHolders(VaultTarget target, String nonce) {
		String encodedToken = readKept(encodedFile(nonce));
		// read once: a mistyped token must not linger, a right one is used now
		OwnerOnlyFiles.delete(encodedFile(nonce));
		VaultRootGeneration.Attempt current = this.generation.status(target);
		if (current.started() && current.nonce().equals(nonce)) {
			int missing = current.required() - current.progress();
			return new HoldersResult(false, "Vault has " + current.progress() + " of the " + current.required()
					+ " shares this attempt needs: " + missing + " still missing.", nonce);
		}
		Path otpFile = otpFile(nonce);
		if (!Files.isRegularFile(otpFile) && this.access.renewIfValid(target)) {
			// handed over before a crash undid the step's end: nothing left to do
			return new HoldersResult(true, "", nonce);
		}
		String root = (Files.isRegularFile(otpFile) && encodedToken != null && !encodedToken.isBlank())
				? VaultRootGeneration.decode(encodedToken, readKept(otpFile)) : null;
		if (root == null || !isRoot(target, root)) {
			if (current.started()) {
				return new HoldersResult(false,
						"Vault has another root generation in progress (nonce " + current.nonce()
								+ "), not this one: whoever started it must finish or cancel it "
								+ "('vault operator generate-root -cancel').",
						nonce);
			}
			// completed with the token not given (or mistyped), or cancelled: only a new
			// attempt can give the engine a root token it can decode
			HoldersAttempt again = startWithHolders(target);
			return new HoldersResult(false, "Vault had no attempt with nonce " + nonce + " in progress any more, and "
					+ "no valid Encoded Token was given for it (completed and the token mistyped, or cancelled). A "
					+ "new attempt was started: give the shares again with the new nonce.", again.nonce());
		}
		this.access.handOver(target, root);
		OwnerOnlyFiles.delete(otpFile);
		return new HoldersResult(true, "", nonce);
	}

	/**
	 * Cancels the holders' attempt if it is still in progress, and deletes its OTP.
	 * Returns false when Vault could not be asked (the attempt may still be in progress).
	 */
	public boolean cancelWithHolders(VaultTarget target, String nonce) {
		OwnerOnlyFiles.delete(otpFile(nonce));
		OwnerOnlyFiles.delete(encodedFile(nonce));
		try {
			VaultRootGeneration.Attempt current = this.generation.status(target);
			if (current.started() && current.nonce().equals(nonce)) {
				this.generation.cancel(target);
			}
			return true;
		}
		catch (VaultSetupException ex) {
			return false;
		}
	}

	private boolean isRoot(VaultTarget target, String token) {
		try {
			VaultResponse self = VaultCalls.call(target, "GET /v1/auth/token/lookup-self",
					"Check Vault's log on its VM.",
					() -> this.connections.withToken(target, VaultToken.of(token)).read("auth/token/lookup-self"));
			Object policies = (self != null && self.getData() != null) ? self.getData().get("policies") : null;
			return policies instanceof List<?> list && list.contains("root");
		}
		catch (VaultCallException ex) {
			if (ex.status() == 403) {
				return false;
			}
			throw ex;
		}
	}

	/**
	 * Keeps the Encoded Token the last holder entered in a 0600 file beside the OTP,
	 * until {@link #finishWithHolders} reads it: the process never carries it past the
	 * transaction that completed the holders' task.
	 */
	public void keepEncodedToken(String nonce, String encodedToken) {
		// without a nonce no attempt could use it: it is dropped with the variable
		if (nonce != null && encodedToken != null && !encodedToken.isBlank()) {
			OwnerOnlyFiles.write(encodedFile(nonce), encodedToken.trim().getBytes(StandardCharsets.UTF_8));
		}
	}

	private Path encodedFile(String nonce) {
		return otpFile(nonce).resolveSibling(OTP_PREFIX + nonce + ".encoded");
	}

	private Path otpFile(String nonce) {
		if (nonce == null || !NONCE.matcher(nonce).matches()) {
			throw new VaultSetupException("'" + nonce + "' is not a root generation nonce Vault hands out (a UUID).");
		}
		return this.properties.stateDir().resolve(OTP_PREFIX + nonce + OTP_SUFFIX);
	}

	private static String readKept(Path file) {
		if (!Files.isRegularFile(file)) {
			return null;
		}
		try {
			return Files.readString(file, StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			throw new VaultSetupException(
					"Cannot read " + file + " (" + ex.getClass().getSimpleName()
							+ "). It must stay readable by the engine's OS user until the root generation is finished.",
					ex);
		}
	}

	private void deleteOtpFilesBut(String nonce) {
		if (!Files.isDirectory(this.properties.stateDir())) {
			return;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.properties.stateDir(),
				OTP_PREFIX + "*" + OTP_SUFFIX)) {
			for (Path file : files) {
				if (!file.getFileName().toString().equals(OTP_PREFIX + nonce + OTP_SUFFIX)) {
					OwnerOnlyFiles.delete(file);
				}
			}
		}
		catch (IOException ex) {
			throw new VaultSetupException("Cannot list " + this.properties.stateDir() + " ("
					+ ex.getClass().getSimpleName() + "). It must be readable by the engine's OS user.", ex);
		}
	}

}
