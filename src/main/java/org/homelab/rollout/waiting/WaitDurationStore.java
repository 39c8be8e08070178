package org.homelab.rollout.waiting;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Learned wait durations in the engine's own database (one small table beside Camunda's,
 * created if missing), so they survive a restart and are shared by the nodes of a
 * cluster. Losing them costs only a few blind looks, so a database that refuses is
 * logged, never fatal.
 */
class WaitDurationStore {

	static final String TABLE = "ROLLOUT_WAIT_DURATION";

	private static final Log logger = LogFactory.getLog(WaitDurationStore.class);

	private final JdbcTemplate jdbc;

	WaitDurationStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		try {
			jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (KIND_ VARCHAR(255) NOT NULL, "
					+ "TOOK_MS_ BIGINT NOT NULL, VAGUE_ BOOLEAN NOT NULL, ENDED_ TIMESTAMP NOT NULL)");
		}
		catch (DataAccessException ex) {
			logger.warn("Cannot create " + TABLE + "; wait durations are learned anew after each restart: "
					+ ex.getMostSpecificCause().getMessage());
		}
	}

	/** The newest {@code kept} waits of each kind, oldest first. */
	List<LearnedDurations.Seen> recent(int kept) {
		try {
			Map<String, List<LearnedDurations.Seen>> byKind = new HashMap<>();
			this.jdbc.query("SELECT KIND_, TOOK_MS_, VAGUE_ FROM " + TABLE + " ORDER BY ENDED_ DESC", row -> {
				List<LearnedDurations.Seen> waits = byKind.computeIfAbsent(row.getString(1), k -> new ArrayList<>());
				if (waits.size() < kept) {
					waits.add(new LearnedDurations.Seen(row.getString(1), Duration.ofMillis(row.getLong(2)),
							row.getBoolean(3)));
				}
			});
			List<LearnedDurations.Seen> recent = new ArrayList<>();
			byKind.values().forEach(waits -> {
				Collections.reverse(waits);
				recent.addAll(waits);
			});
			return recent;
		}
		catch (DataAccessException ex) {
			logger.warn(
					"Cannot read learned wait durations from " + TABLE + ": " + ex.getMostSpecificCause().getMessage());
			return List.of();
		}
	}

	void add(LearnedDurations.Seen wait) {
		try {
			Timestamp now = Timestamp.from(Instant.now());
			this.jdbc.update("INSERT INTO " + TABLE + " (KIND_, TOOK_MS_, VAGUE_, ENDED_) VALUES (?, ?, ?, ?)",
					wait.kind(), wait.took().toMillis(), wait.vague(), now);
			// keep the table small: waits older than a month say little about the homelab
			// today
			this.jdbc.update("DELETE FROM " + TABLE + " WHERE KIND_ = ? AND ENDED_ < ?", wait.kind(),
					Timestamp.from(now.toInstant().minus(Duration.ofDays(30))));
		}
		catch (DataAccessException ex) {
			logger.warn("Cannot record a wait duration in " + TABLE + ": " + ex.getMostSpecificCause().getMessage());
		}
	}

}
