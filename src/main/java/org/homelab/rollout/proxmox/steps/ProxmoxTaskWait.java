package org.homelab.rollout.proxmox.steps;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

import org.homelab.rollout.proxmox.ProxmoxException;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.ProxmoxTaskFailedException;
import org.homelab.rollout.proxmox.TaskLog;
import org.homelab.rollout.proxmox.TaskStatus;
import org.homelab.rollout.proxmox.Upid;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code proxmox-task}: waits for the Proxmox task in {@code proxmoxTask} (none:
 * done at once). A task that ended in error becomes {@code PROXMOX_FAILED} quoting its
 * exitstatus and last log lines.
 *
 * <p>
 * A look reads the new lines of the task's log: they carry the end ("TASK OK" is what
 * PVE's own status reads) and the progress of a copy, from which the next look is timed.
 * When the log has nothing new the status is asked (which also notices a worker that died
 * without a last word), and a task whose log stays silent is asked only its status from
 * then on. Tasks of each type (qmclone, qmstart …) are a kind of their own: the poller
 * learns how long each takes.
 */
@Component
class ProxmoxTaskWait implements WaitCondition {

	static final String TOPIC = "proxmox-task";

	static final int LOG_TAIL = 5;

	static final int LOG_PAGE = 500;

	private final ProxmoxOperations proxmox;

	/**
	 * Remembered between looks at one task: log lines read so far and the last progress
	 * seen ({@code talks}: the log grew or shows progress, so it is worth reading; else
	 * the status is asked). Lost on a restart: the log is read anew.
	 */
	private record Seen(int lines, OptionalDouble progress, boolean talks) {
	}

	ProxmoxTaskWait(ProxmoxOperations proxmox) {
		this.proxmox = proxmox;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(ProxmoxVariables.TASK);
	}

	@Override
	public String kind(Look look) {
		String task = look.optional(ProxmoxVariables.TASK, String.class);
		return (task != null) ? new Upid(task).type() : "";
	}

	@Override
	public Check check(Look look) {
		String task = look.optional(ProxmoxVariables.TASK, String.class);
		if (task == null) {
			return Check.done(Map.of());
		}
		Upid upid = new Upid(task);
		Duration elapsed = look.elapsed();
		try {
			Seen before = look.remembered(Seen.class);
			boolean readLog = before == null || before.talks();
			List<String> fresh = readLog
					? this.proxmox.tasks(upid.node()).log(upid, (before != null) ? before.lines() : 0, LOG_PAGE)
					: List.of();
			TaskLog log = new TaskLog(fresh);
			Optional<String> exitstatus = log.exitstatus();
			if (exitstatus.isEmpty() && before != null && fresh.isEmpty()) {
				TaskStatus status = this.proxmox.tasks(upid.node()).status(upid);
				if (!status.running()) {
					exitstatus = Optional.of((status.exitstatus() != null) ? status.exitstatus() : "unexpected status");
				}
			}
			if (exitstatus.isPresent()) {
				return new TaskStatus(upid, false, exitstatus.get()).succeeded() ? Check.done(Map.of())
						: failed(upid, exitstatus.get());
			}
			OptionalDouble progress = log.progress().isPresent() ? log.progress()
					: (before != null) ? before.progress() : OptionalDouble.empty();
			int lines = ((before != null) ? before.lines() : 0) + fresh.size();
			look.remember(new Seen(lines, progress, !fresh.isEmpty() || progress.isPresent()));
			return Check.waiting("Proxmox task " + upid.type() + " of VM " + upid.id() + " on " + upid.node()
					+ " to finish"
					+ (progress.isPresent() ? String.format(Locale.ROOT, ", %.0f%% done", progress.getAsDouble()) : "")
					+ " (" + upid.text() + ")", doneIn(elapsed, progress));
		}
		catch (ProxmoxException ex) {
			return ProxmoxChecks.failure(ex);
		}
	}

	/**
	 * From a copy's progress: its end if it goes on at the pace so far. A line says "p%"
	 * from the moment p was reached until p+1 is, so counting it as p+1 never looks too
	 * late; at least half a percent's time apart. Without progress, the task says nothing
	 * of its end (null).
	 */
	private static Duration doneIn(Duration elapsed, OptionalDouble progress) {
		if (progress.isPresent() && progress.getAsDouble() >= 1) {
			double percent = Math.min(100, progress.getAsDouble() + 1);
			long left = Math.round(elapsed.toNanos() * (100 - percent) / percent);
			return Duration.ofNanos(Math.max(left, Math.round(elapsed.toNanos() / percent / 2)));
		}
		return null;
	}

	/** A failed task is a modelled outcome; its log is read once, here. */
	Check failed(Upid upid, String exitstatus) {
		List<String> log = this.proxmox.tasks(upid.node()).log(upid, 0, 1000);
		List<String> tail = log.subList(Math.max(0, log.size() - LOG_TAIL), log.size());
		return Check.bpmnError(ProxmoxVariables.FAILED,
				new ProxmoxTaskFailedException(upid, exitstatus, tail).getMessage());
	}

}
