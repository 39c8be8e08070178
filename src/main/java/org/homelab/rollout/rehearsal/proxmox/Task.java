package org.homelab.rollout.rehearsal.proxmox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker task as PVE runs it: status "running" until it ends, then "stopped" with exitstatus "OK" or the error
 * message; its log ends in "TASK OK" or "TASK ERROR: ...". Guarded by the lab state's monitor.
 */
final class Task {

	private final Upid upid;

	private final List<String> log = new ArrayList<>();

	private String exitstatus;

	Task(Upid upid) {
		this.upid = upid;
	}

	Upid upid() {
		return this.upid;
	}

	boolean running() {
		return this.exitstatus == null;
	}

	String exitstatus() {
		return this.exitstatus;
	}

	void log(String line) {
		this.log.add(line);
	}

	void succeed() {
		this.exitstatus = "OK";
		this.log.add("TASK OK");
	}

	void fail(String message) {
		this.exitstatus = message;
		this.log.add("TASK ERROR: " + message);
	}

	/** {@code GET /nodes/{node}/tasks/{upid}/status}. */
	Map<String, Object> status() {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("upid", this.upid.text());
		status.put("node", this.upid.node());
		status.put("pid", this.upid.pid());
		status.put("pstart", this.upid.pstart());
		status.put("starttime", this.upid.starttime());
		status.put("type", this.upid.type());
		status.put("id", this.upid.id());
		status.put("user", this.upid.user());
		status.put("status", running() ? "running" : "stopped");
		if (!running()) {
			status.put("exitstatus", this.exitstatus);
		}
		return status;
	}

	/** {@code GET .../log}: lines numbered from 1, as {n, t}. */
	List<Map<String, Object>> log(int start, int limit) {
		List<Map<String, Object>> lines = new ArrayList<>();
		for (int i = start; i < this.log.size() && lines.size() < limit; i++) {
			lines.add(Map.of("n", i + 1, "t", this.log.get(i)));
		}
		return lines;
	}

	int logSize() {
		return this.log.size();
	}

}
