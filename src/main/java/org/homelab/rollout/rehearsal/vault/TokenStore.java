package org.homelab.rollout.rehearsal.vault;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Live tokens by id; revoking a token revokes its (non-orphan) children too, as Vault's
 * token tree does.
 */
final class TokenStore {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Map<String, Token> tokens = new LinkedHashMap<>();

	private final Clock clock;

	TokenStore(Clock clock) {
		this.clock = clock;
	}

	Clock clock() {
		return this.clock;
	}

	/**
	 * A new token id as Vault 1.10+ prints service tokens: "hvs." and 24 base62
	 * characters.
	 */
	static String newId() {
		return "hvs." + random(24);
	}

	static String random(int length) {
		StringBuilder id = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return id.toString();
	}

	Token create(List<String> policies, String displayName, String path, long ttlSeconds, boolean renewable,
			String parent, Map<String, String> meta, int numUses) {
		return create(newId(), policies, displayName, path, ttlSeconds, renewable, parent, meta, numUses);
	}

	/** With a caller-chosen id, which Vault lets root do. */
	Token create(String id, List<String> policies, String displayName, String path, long ttlSeconds, boolean renewable,
			String parent, Map<String, String> meta, int numUses) {
		Token token = new Token(id, random(24), List.copyOf(policies), displayName, path, this.clock.instant(),
				ttlSeconds, renewable, parent, Map.copyOf(meta), numUses);
		this.tokens.put(token.id(), token);
		return token;
	}

	/** A live token by its accessor. */
	Optional<Token> byAccessor(String accessor) {
		Optional<Token> token = this.tokens.values().stream().filter(t -> t.accessor().equals(accessor)).findFirst();
		return token.flatMap(t -> lookup(t.id()));
	}

	/** The accessors of the live tokens. */
	List<String> accessors() {
		Instant now = this.clock.instant();
		return this.tokens.values().stream().filter(t -> !t.expired(now)).map(Token::accessor).toList();
	}

	boolean exists(String id) {
		return this.tokens.containsKey(id);
	}

	/** A live token, or empty when unknown, revoked or expired. */
	Optional<Token> lookup(String id) {
		if (id == null) {
			return Optional.empty();
		}
		Token token = this.tokens.get(id);
		if (token != null && token.expired(this.clock.instant())) {
			revoke(id, false);
			return Optional.empty();
		}
		return Optional.ofNullable(token);
	}

	/**
	 * Counts one use of a limited-use token: the last use still succeeds, then the token
	 * is gone, as in Vault. Returns the token as the request sees it.
	 */
	Token use(Token token) {
		if (token.numUses() <= 0) {
			return token;
		}
		if (token.numUses() == 1) {
			revoke(token.id(), false);
			return token;
		}
		Token used = new Token(token.id(), token.accessor(), token.policies(), token.displayName(), token.path(),
				token.created(), token.ttlSeconds(), token.renewable(), token.parent(), token.meta(),
				token.numUses() - 1);
		this.tokens.put(used.id(), used);
		return used;
	}

	/**
	 * Extends a token's life to {@code seconds} from now (its original TTL when 0), as a
	 * renewal does.
	 */
	Token renew(Token token, long seconds) {
		if (token.ttlSeconds() == 0) {
			return token;
		}
		long extension = (seconds > 0) ? seconds : token.ttlSeconds();
		long lived = this.clock.instant().getEpochSecond() - token.created().getEpochSecond();
		Token renewed = new Token(token.id(), token.accessor(), token.policies(), token.displayName(), token.path(),
				token.created(), lived + extension, token.renewable(), token.parent(), token.meta(), token.numUses());
		this.tokens.put(renewed.id(), renewed);
		return renewed;
	}

	/** Revokes a token and, unless {@code orphanChildren}, its descendants. */
	void revoke(String id, boolean orphanChildren) {
		Token removed = this.tokens.remove(id);
		if (removed == null) {
			return;
		}
		List<Token> children = new ArrayList<>(
				this.tokens.values().stream().filter(t -> id.equals(t.parent())).toList());
		for (Token child : children) {
			if (orphanChildren) {
				this.tokens.put(child.id(),
						new Token(child.id(), child.accessor(), child.policies(), child.displayName(), child.path(),
								child.created(), child.ttlSeconds(), child.renewable(), null, child.meta(),
								child.numUses()));
			}
			else {
				revoke(child.id(), false);
			}
		}
	}

	void wipe() {
		this.tokens.clear();
	}

	int size() {
		return this.tokens.size();
	}

}
