package org.homelab.rollout.rehearsal.proxmox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import okhttp3.Headers;

/**
 * API tokens ({@code Authorization: PVEAPIToken=user@realm!id=secret}) and tickets from
 * {@code POST /access/ticket} (cookie {@code PVEAuthCookie}, plus header
 * {@code CSRFPreventionToken} on writes), signed with a per-lab key.
 */
final class Auth {

	private static final long TICKET_LIFETIME_SECONDS = 7200;

	private final Map<String, String> tokens;

	private final Map<String, String> users;

	/** Tokens created through the API (looked up under the state's monitor), or null. */
	private final LabState state;

	private final byte[] key = new byte[32];

	Auth(Map<String, String> tokens, Map<String, String> users) {
		this(tokens, users, null);
	}

	Auth(Map<String, String> tokens, Map<String, String> users, LabState state) {
		this.tokens = tokens;
		this.users = users;
		this.state = state;
		new SecureRandom().nextBytes(this.key);
	}

	/**
	 * The user (or token id) the request acts as; 401 as pve-api-daemon answers it
	 * otherwise.
	 */
	String authenticate(String method, Headers headers) {
		String authorization = headers.get("Authorization");
		if (authorization != null && authorization.startsWith("PVEAPIToken=")) {
			String credentials = authorization.substring("PVEAPIToken=".length()).strip();
			int eq = credentials.lastIndexOf('=');
			String tokenId = (eq > 0) ? credentials.substring(0, eq) : credentials;
			if (eq > 0 && credentials.substring(eq + 1).equals(secret(tokenId))) {
				return tokenId;
			}
			throw new PveError(401, "authentication failure", Map.of());
		}
		String ticket = cookie(headers, "PVEAuthCookie");
		if (ticket == null) {
			throw new PveError(401, "No ticket", Map.of());
		}
		String user = verifyTicket(ticket);
		if (!"GET".equals(method) && !csrfValid(headers.get("CSRFPreventionToken"), user)) {
			throw new PveError(401, "Permission denied - invalid csrf token", Map.of());
		}
		return user;
	}

	private String secret(String tokenId) {
		String configured = this.tokens.get(tokenId);
		if (configured != null || this.state == null) {
			return configured;
		}
		synchronized (this.state) {
			return this.state.access.secret(tokenId).orElse(null);
		}
	}

	Map<String, Object> login(String username, String password, String realm) {
		String user = (realm != null && !username.contains("@")) ? username + "@" + realm : username;
		if (password == null || !password.equals(this.users.get(user))) {
			throw new PveError(401, "authentication failure", Map.of());
		}
		String time = Long.toHexString(Instant.now().getEpochSecond()).toUpperCase();
		String plain = "PVE:" + user + ":" + time;
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("username", user);
		data.put("ticket", plain + "::" + sign(plain));
		data.put("CSRFPreventionToken", time + ":" + sign(time + ":" + user));
		data.put("cap", Map.of());
		return data;
	}

	private String verifyTicket(String ticket) {
		String[] parts = ticket.split("::", 2);
		String[] fields = parts[0].split(":");
		if (parts.length != 2 || fields.length != 3 || !sign(parts[0]).equals(parts[1])
				|| Instant.now().getEpochSecond() - Long.parseLong(fields[2], 16) > TICKET_LIFETIME_SECONDS) {
			throw new PveError(401, "permission denied - invalid PVE ticket", Map.of());
		}
		return fields[1];
	}

	private boolean csrfValid(String token, String user) {
		if (token == null || !token.contains(":")) {
			return false;
		}
		String time = token.substring(0, token.indexOf(':'));
		return sign(time + ":" + user).equals(token.substring(token.indexOf(':') + 1));
	}

	private String sign(String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			return Base64.getEncoder()
				.withoutPadding()
				.encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot sign a ticket", ex);
		}
	}

	private static String cookie(Headers headers, String name) {
		for (String header : headers.values("Cookie")) {
			for (String pair : header.split(";")) {
				String[] kv = pair.strip().split("=", 2);
				if (kv.length == 2 && kv[0].equals(name)) {
					return Percent.decode(kv[1]);
				}
			}
		}
		return null;
	}

}
