package org.homelab.rollout.recovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * This engine node's identity: the job executor's lock owner and the wait poller's worker
 * id. Stable, so a restarted node recognises the locks it held before it died; distinct
 * per node, so two nodes never complete each other's waits.
 */
public final class EngineNode {

	/** Fits Camunda's property names (64 characters) with the heartbeat's prefix. */
	static final int MAX_LENGTH = 40;

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

	private final String id;

	public EngineNode(String id) {
		if (id == null || !VALID.matcher(id).matches()) {
			throw new IllegalArgumentException("rollout.engine.node-id '" + id + "' is not a node id: give 1 to "
					+ MAX_LENGTH + " letters, digits, '.', '_' or '-' (e.g. ROLLOUT_ENGINE_NODE_ID=engine-a), "
					+ "stable across restarts and distinct per engine node");
		}
		this.id = id;
	}

	/** The configured id, else one derived from the host name. */
	static EngineNode of(EngineNodeProperties properties) {
		String configured = properties.nodeId();
		return new EngineNode((configured == null || configured.isBlank()) ? fromHostName(hostName()) : configured);
	}

	/** The host name, lower case, other characters as '-', cut to fit. */
	static String fromHostName(String hostName) {
		String id = hostName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[._-]+", "");
		id = (id.length() > MAX_LENGTH) ? id.substring(0, MAX_LENGTH) : id;
		return id.isEmpty() ? "engine" : id;
	}

	private static String hostName() {
		String fromEnvironment = System.getenv("HOSTNAME");
		if (fromEnvironment != null && !fromEnvironment.isBlank()) {
			return fromEnvironment;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "engine";
		}
	}

	public String id() {
		return this.id;
	}

	@Override
	public String toString() {
		return "engine node " + this.id;
	}

}
