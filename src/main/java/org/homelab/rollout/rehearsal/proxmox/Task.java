package org.homelab.rollout.rehearsal.proxmox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A worker task as PVE runs it: status "running" until it ends, then "stopped" with
 * exitstatus "OK" or the error message; its log ends in "TASK OK" or "TASK ERROR: ...". A
 * copying task logs its progress as time passes. Guarded by the lab state's monitor.
 */
final class Task {

	private final Upid upid;

	private final List<String> log = new ArrayList<>();

	private String exitstatus;

	/**
	 * A copy in progress: its lines are written when the log is read (the time they were
	 * due) or the task ends.
	 */
	private Copy copy;

	private record Copy(long startNanos, long durationNanos, long bytes) {
	}

	private int percentShown = -1;

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

	/**
	 * Reports a copy of {@code bytes} taking {@code duration} from now, as PVE's
	 * qemu_img_convert prints the progress of {@code qemu-img convert -p}: "transferred
	 * 30.7 MiB of 3.0 GiB (1.00%)" each time another percent is done.
	 */
	void copying(Duration duration, long bytes) {
		this.copy = new Copy(System.nanoTime(), Math.max(1, duration.toNanos()), bytes);
		catchUp(false);
	}

	private void catchUp(boolean finished) {
		if (this.copy == null) {
			return;
		}
		long elapsed = System.nanoTime() - this.copy.startNanos();
		int percent = finished ? 100 : (int) Math.min(100, elapsed * 100 / this.copy.durationNanos());
		while (this.percentShown < percent) {
			this.percentShown++;
			long transferred = this.copy.bytes() * this.percentShown / 100;
			this.log.add(String.format(Locale.ROOT, "transferred %s of %s (%d.00%%)", bytes(transferred),
					bytes(this.copy.bytes()), this.percentShown));
		}
	}

	/** PVE::Tools::render_bytes with precision 1. */
	static String bytes(long value) {
		String[] units = { "B", "KiB", "MiB", "GiB", "TiB" };
		int unit = 0;
		double scaled = value;
		while (scaled > 1023 && unit < units.length - 1) {
			scaled /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, "%.1f %s", scaled, units[unit]);
	}

	void succeed() {
		catchUp(true);
		this.copy = null;
		this.exitstatus = "OK";
		this.log.add("TASK OK");
	}

	void fail(String message) {
		this.copy = null;
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

	/**
	 * {@code GET .../log}: lines numbered from 1, as {n, t}; an empty log reads "no
	 * content", as PVE answers it.
	 */
	List<Map<String, Object>> log(int start, int limit) {
		catchUp(false);
		if (this.log.isEmpty()) {
			return List.of(Map.of("n", 1, "t", "no content"));
		}
		List<Map<String, Object>> lines = new ArrayList<>();
		for (int i = start; i < this.log.size() && lines.size() < limit; i++) {
			lines.add(Map.of("n", i + 1, "t", this.log.get(i)));
		}
		return lines;
	}

	int logSize() {
		catchUp(false);
		return this.log.size();
	}

}
