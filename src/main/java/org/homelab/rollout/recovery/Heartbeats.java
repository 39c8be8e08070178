package org.homelab.rollout.recovery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The nodes of a cluster (one is a cluster too) watch each other through a small table
 * beside Camunda's: every {@code heartbeat} a node stamps its row with the database's
 * clock; a peer whose stamp is older than {@code peer-stale-after} (by the same clock, so
 * the nodes' own clocks never matter) is taken for dead: its job and wait locks are
 * released ({@link NodeLocks}), its row deleted (only if it did not beat meanwhile), and
 * the job executor and the poller look at once. Two surviving nodes doing this together
 * release nothing twice: the release is a conditional update, the delete one of exactly
 * the beat that was seen stale.
 */
@Component
class Heartbeats implements SmartLifecycle {

	static final String TABLE = "ROLLOUT_ENGINE_NODE";

	private static final Log logger = LogFactory.getLog(Heartbeats.class);

	private final JdbcTemplate jdbc;

	private final EngineNode node;

	private final EngineNodeProperties properties;

	private final NodeLocks locks;

	private final ProcessEngineConfigurationImpl engine;

	private final ApplicationEventPublisher events;

	/**
	 * This start of the node: tells a restart of this node from a second process using
	 * its id.
	 */
	private final String incarnation = UUID.randomUUID().toString();

	private boolean beaten;

	private ScheduledExecutorService scheduler;

	Heartbeats(JdbcTemplate jdbc, EngineNode node, EngineNodeProperties properties,
			ProcessEngineConfigurationImpl engine, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.node = node;
		this.properties = properties;
		this.engine = engine;
		this.events = events;
		this.locks = new NodeLocks(jdbc, engine.getDatabaseTablePrefix());
		try {
			jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (NODE_ID_ VARCHAR(64) NOT NULL PRIMARY KEY, "
					+ "INCARNATION_ VARCHAR(64) NOT NULL, BEATS_ BIGINT NOT NULL, "
					+ "BEAT_ TIMESTAMP WITH TIME ZONE NOT NULL)");
		}
		catch (DataAccessException ex) {
			logger.error("Cannot create " + TABLE + ": without heartbeats the locks of a dead peer are freed only "
					+ "when they expire (minutes): " + ex.getMostSpecificCause().getMessage());
		}
	}

	@Override
	public synchronized void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "engine-heartbeat"));
		this.scheduler.scheduleWithFixedDelay(this::beatSafely, 0, this.properties.heartbeat().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		this.scheduler.shutdownNow();
		this.scheduler = null;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	private void beatSafely() {
		try {
			beat();
			releaseStalePeers();
		}
		catch (DataAccessException ex) {
			// the database is gone for a moment: the next beat tries again (and if it
			// stays
			// gone, so does this node's work)
			logger.warn("Engine heartbeat failed: " + ex.getMostSpecificCause().getMessage());
		}
	}

	/** Stamps this node's row; says so if another process uses this node's id. */
	void beat() {
		int stamped = this.jdbc.update("UPDATE " + TABLE + " SET BEAT_ = CURRENT_TIMESTAMP, BEATS_ = BEATS_ + 1 "
				+ "WHERE NODE_ID_ = ? AND INCARNATION_ = ?", this.node.id(), this.incarnation);
		if (stamped == 1) {
			this.beaten = true;
			return;
		}
		List<String> holder = this.jdbc.queryForList("SELECT INCARNATION_ FROM " + TABLE + " WHERE NODE_ID_ = ?",
				String.class, this.node.id());
		if (holder.isEmpty()) {
			if (this.beaten) {
				logger.warn("A peer took " + this.node + " for dead (no heartbeat for "
						+ this.properties.peerStaleAfter() + ") and released its locks: a job it was running "
						+ "fails on optimistic locking and runs again on the node that acquires it");
			}
			try {
				this.jdbc.update("INSERT INTO " + TABLE + " (NODE_ID_, INCARNATION_, BEATS_, BEAT_) "
						+ "VALUES (?, ?, 0, CURRENT_TIMESTAMP)", this.node.id(), this.incarnation);
			}
			catch (DuplicateKeyException ex) {
				// another process inserted it just now: seen at the next beat
			}
		}
		else if (!this.beaten) {
			// this node restarted: the row is its own from before
			this.jdbc.update("UPDATE " + TABLE + " SET INCARNATION_ = ?, BEAT_ = CURRENT_TIMESTAMP, "
					+ "BEATS_ = BEATS_ + 1 WHERE NODE_ID_ = ?", this.incarnation, this.node.id());
		}
		else {
			logger.error("Another engine process runs as " + this.node + ": two processes with one "
					+ "rollout.engine.node-id release each other's locks when they start; give each node its own "
					+ "id (ROLLOUT_ENGINE_NODE_ID)");
		}
		this.beaten = true;
	}

	/** Releases the locks of every peer silent for longer than peer-stale-after. */
	void releaseStalePeers() {
		List<Peer> peers = this.jdbc.query(
				"SELECT NODE_ID_, BEATS_, BEAT_, CURRENT_TIMESTAMP FROM " + TABLE + " WHERE NODE_ID_ <> ?",
				(row, i) -> new Peer(row.getString(1), row.getLong(2), Duration
					.between(row.getObject(3, OffsetDateTime.class), row.getObject(4, OffsetDateTime.class))),
				this.node.id());
		for (Peer peer : peers) {
			if (peer.silent().compareTo(this.properties.peerStaleAfter()) > 0) {
				release(peer);
			}
		}
	}

	private void release(Peer peer) {
		// release first, then forget the peer: dying in between only means releasing
		// nothing again next beat
		NodeLocks.Released released = this.locks.release(peer.id());
		this.jdbc.update("DELETE FROM " + TABLE + " WHERE NODE_ID_ = ? AND BEATS_ = ?", peer.id(), peer.beats());
		if (released.any()) {
			logger.warn("Engine node " + peer.id() + " has been silent for " + peer.silent().toSeconds()
					+ " s: released " + released + "; this node takes them on");
			JobExecutor jobExecutor = this.engine.getJobExecutor();
			if (jobExecutor != null) {
				// acquisition may be backing off for up to a minute
				jobExecutor.jobWasAdded();
			}
			this.events.publishEvent(new LocksReleased(peer.id(), released.jobs(), released.waits()));
		}
	}

	private record Peer(String id, long beats, Duration silent) {

	}

}
