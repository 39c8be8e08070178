package org.homelab.rollout.rehearsal.vault;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Vault's seal: initialisation hands out {@code n} key shares, any {@code t} distinct
 * ones unseal. A fresh or restarted barrier is sealed. The shares are random bytes, not a
 * real Shamir split: what the lab must reproduce is which sets of keys unseal, not the
 * maths.
 */
final class Barrier {

	/** What unseal reports back, as Vault's seal-status. */
	record Status(boolean initialized, boolean sealed, int threshold, int shares, int progress, String nonce) {
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	private final List<String> keys = new ArrayList<>();

	private final Set<String> submitted = new LinkedHashSet<>();

	private int threshold;

	private boolean sealed = true;

	private String nonce = "";

	/**
	 * The root generation attempt, if any: Vault's core keeps it in memory only, so a
	 * seal or a restart ends it.
	 */
	private RootGeneration rootGeneration;

	/** A root generation attempt: its nonce and how the new token is to be encoded. */
	record RootGeneration(String nonce, String otp, String pgpKey, String pgpFingerprint, Set<String> submitted) {
	}

	boolean initialized() {
		return !this.keys.isEmpty();
	}

	boolean sealed() {
		return this.sealed;
	}

	/**
	 * Creates the shares (hex) and leaves the barrier sealed, as
	 * {@code vault operator init} does.
	 */
	List<String> initialize(int shares, int threshold) {
		this.keys.clear();
		for (int i = 0; i < shares; i++) {
			byte[] share = new byte[33];
			RANDOM.nextBytes(share);
			this.keys.add(HexFormat.of().formatHex(share));
		}
		this.threshold = threshold;
		this.sealed = true;
		this.submitted.clear();
		return List.copyOf(this.keys);
	}

	/**
	 * Accepts a key share in hex or base64; returns an error text when it is not one of
	 * the shares.
	 */
	String submit(String key) {
		String hex = normalise(key);
		if (hex == null) {
			return "'key' must be a valid hex or base64 string";
		}
		if (!this.keys.contains(hex)) {
			// Vault only notices a foreign share once the threshold is reached and
			// decryption fails
			this.submitted.clear();
			this.nonce = "";
			return "Error unsealing: failed to decrypt keyring: cipher: message authentication failed";
		}
		if (this.submitted.isEmpty()) {
			this.nonce = UUID.randomUUID().toString();
		}
		this.submitted.add(hex);
		if (this.submitted.size() >= this.threshold) {
			this.sealed = false;
			this.submitted.clear();
			this.nonce = "";
		}
		return null;
	}

	void resetProgress() {
		this.submitted.clear();
		this.nonce = "";
	}

	void seal() {
		this.sealed = true;
		resetProgress();
		this.rootGeneration = null;
	}

	int threshold() {
		return this.threshold;
	}

	/** Whether the hex share is one of this Vault's shares. */
	boolean isShare(String hex) {
		return this.keys.contains(hex);
	}

	RootGeneration rootGeneration() {
		return this.rootGeneration;
	}

	void startRootGeneration(String otp, String pgpKey, String pgpFingerprint) {
		this.rootGeneration = new RootGeneration(UUID.randomUUID().toString(), otp, pgpKey, pgpFingerprint,
				new LinkedHashSet<>());
	}

	void cancelRootGeneration() {
		this.rootGeneration = null;
	}

	/** Forgets everything: an empty, uninitialised Vault. */
	void wipe() {
		this.keys.clear();
		this.threshold = 0;
		seal();
	}

	Status status() {
		return new Status(initialized(), this.sealed, this.threshold, this.keys.size(), this.submitted.size(),
				this.nonce);
	}

	private static String normalise(String key) {
		if (key == null || key.isBlank()) {
			return null;
		}
		String trimmed = key.trim();
		try {
			return HexFormat.of().formatHex(HexFormat.of().parseHex(trimmed.toLowerCase()));
		}
		catch (IllegalArgumentException notHex) {
			try {
				return HexFormat.of().formatHex(Base64.getDecoder().decode(trimmed));
			}
			catch (IllegalArgumentException notBase64) {
				return null;
			}
		}
	}

}
