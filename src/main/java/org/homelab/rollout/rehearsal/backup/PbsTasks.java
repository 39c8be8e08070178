package org.homelab.rollout.rehearsal.backup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Worker tasks as PBS names them:
 * {@code UPID:node:pid:pstart:task_id:starttime:type:id:authid:} (pid, pstart, starttime
 * 8 hex digits, task_id a counter), running for their latency, then ending with an
 * exitstatus. The lab acts a task's effect out when it starts and shows it running until
 * its end.
 */
final class PbsTasks {

	private static final long PID = 0x1A2B;

	private final String node;

	private final Clock clock;

	private final AtomicLong counter = new AtomicLong();

	PbsTasks(String node, Clock clock) {
		this.node = node;
		this.clock = clock;
	}

	/** Starts a task in {@code state} (call with its monitor held). */
	PbsState.Task start(PbsState state, String type, String wid, String authId, Duration takes, String exitstatus,
			List<String> log) {
		Instant now = this.clock.instant();
		String upid = String.format("UPID:%s:%08X:%08X:%08X:%08X:%s:%s:%s:", this.node, PID, 0x100L,
				this.counter.incrementAndGet(), now.getEpochSecond(), type, escape(wid), authId);
		PbsState.Task task = new PbsState.Task(upid, type, authId, now, now.plus(takes), exitstatus, List.copyOf(log));
		state.tasks.put(upid, task);
		return task;
	}

	ObjectNode status(PbsState.Task task) {
		ObjectNode status = JsonNodeFactory.instance.objectNode()
			.put("upid", task.upid())
			.put("node", this.node)
			.put("pid", PID)
			.put("pstart", 0x100)
			.put("starttime", task.start().getEpochSecond())
			.put("type", task.type())
			.put("user", task.authId().replaceFirst("!.*", ""));
		if (task.authId().contains("!")) {
			status.put("tokenid", task.authId().replaceFirst(".*!", ""));
		}
		if (task.running(this.clock.instant())) {
			status.put("status", "running");
		}
		else {
			status.put("status", "stopped").put("exitstatus", task.exitstatus());
		}
		return status;
	}

	/**
	 * systemd's escaping, which PBS applies to worker ids (":" and "/" never appear raw).
	 */
	static String escape(String wid) {
		return (wid == null) ? "" : wid.replace("-", "\\x2d").replace(":", "\\x3a").replace("/", "-");
	}

}
