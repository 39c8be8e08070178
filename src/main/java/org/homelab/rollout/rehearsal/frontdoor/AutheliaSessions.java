package org.homelab.rollout.rehearsal.frontdoor;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated Authelia's logged-in sessions, by the value of their
 * {@code authelia_session} cookie. Only tests make them (the lab has no login portal): a
 * lab-only hook, no secret of the homelab's.
 */
final class AutheliaSessions {

	record Session(String user, List<String> groups, boolean twoFactor) {

		/**
		 * Whether this session is the subject {@code user:NAME} or {@code group:NAME}.
		 */
		boolean is(String subject) {
			if (subject.startsWith("user:")) {
				return subject.substring(5).equals(this.user);
			}
			return subject.startsWith("group:") && this.groups.contains(subject.substring(6));
		}

	}

	private final SecureRandom random = new SecureRandom();

	private final Map<String, Session> byCookie = new ConcurrentHashMap<>();

	String open(String user, List<String> groups, boolean twoFactor) {
		byte[] bytes = new byte[24];
		this.random.nextBytes(bytes);
		String cookie = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		this.byCookie.put(cookie, new Session(user, List.copyOf(groups), twoFactor));
		return cookie;
	}

	/** The session a Cookie header carries, or null. */
	Session fromCookieHeader(String header) {
		if (header == null) {
			return null;
		}
		for (String part : header.split(";")) {
			String[] pair = part.strip().split("=", 2);
			if (pair.length == 2 && pair[0].equals("authelia_session")) {
				return this.byCookie.get(pair[1]);
			}
		}
		return null;
	}

	void clear() {
		this.byCookie.clear();
	}

}
