package org.homelab.rollout.rehearsal.proxmox;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts worker tasks and ends them after their operation's latency on a scheduler, never
 * on the HTTP thread. The task's work runs at its end under the lab state's monitor; a
 * {@link PveError} thrown there becomes the exitstatus.
 */
final class TaskRegistry {

	/**
	 * What a task does when its time is up; throw {@link PveError} to end it with that
	 * error.
	 */
	@FunctionalInterface
	interface Work {

		void finish(Task task);

	}

	private final Object monitor;

	private final ScheduledExecutorService scheduler;

	private final Map<String, Task> tasks = new ConcurrentHashMap<>();

	private final AtomicLong pids = new AtomicLong(0x2A000);

	private final AtomicLong generation = new AtomicLong();

	TaskRegistry(Object monitor, ScheduledExecutorService scheduler) {
		this.monitor = monitor;
		this.scheduler = scheduler;
	}

	Task launch(String node, String type, String id, String user, Duration duration, Work work) {
		long pid = this.pids.incrementAndGet();
		Upid upid = new Upid(node, pid, 0x500000 + pid * 7, Instant.now().getEpochSecond(), type, id, user);
		Task task = new Task(upid);
		this.tasks.put(upid.text(), task);
		long born = this.generation.get();
		this.scheduler.schedule(() -> finish(task, work, born), duration.toNanos(), TimeUnit.NANOSECONDS);
		return task;
	}

	/**
	 * Every task on a node, newest first, as {@code GET /nodes/{node}/tasks} lists them.
	 */
	java.util.List<Task> on(String node) {
		return this.tasks.values()
			.stream()
			.filter(t -> t.upid().node().equals(node))
			.sorted(java.util.Comparator.comparingLong((Task t) -> t.upid().pid()).reversed())
			.toList();
	}

	Optional<Task> find(String upid) {
		return Optional.ofNullable(this.tasks.get(upid));
	}

	/**
	 * Forgets every task; tasks still scheduled end without touching the (reseeded)
	 * state.
	 */
	void clear() {
		this.generation.incrementAndGet();
		this.tasks.clear();
	}

	private void finish(Task task, Work work, long born) {
		synchronized (this.monitor) {
			if (born != this.generation.get()) {
				return;
			}
			try {
				work.finish(task);
				task.succeed();
			}
			catch (PveError ex) {
				task.fail(ex.getMessage().strip());
			}
			catch (RuntimeException ex) {
				task.fail("internal error in the rehearsal lab: " + ex);
			}
		}
	}

}
