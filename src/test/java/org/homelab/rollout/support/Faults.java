package org.homelab.rollout.support;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.history.HistoricExternalTaskLog;
import org.camunda.bpm.engine.history.HistoricJobLog;
import org.homelab.rollout.rehearsal.RequestJournal;

/**
 * The faults test and benchmark's plan: about 10 % of the calls to every system the lab
 * simulates fail the ways the issue names (500, 503, timeouts, locks), seeded so a run
 * repeats; and how the engine coped, counted from its history and the lab's journal.
 */
public final class Faults {

	/**
	 * Four rules of 2.5 % per system, each drawn on its own: about 9.6 % of the calls
	 * fail. Proxmox acts out VM_LOCKED as PVE does ("VM is locked", before or inside the
	 * task); Kubernetes answers a timeout as the API server does (504).
	 */
	public static final String TEN_PERCENT = "proxmox:*:HTTP_500@0.025,proxmox:*:HTTP_503@0.025,"
			+ "proxmox:*:TIMEOUT@0.025,proxmox:*:VM_LOCKED@0.025,vault:*:HTTP_500@0.033,vault:*:HTTP_503@0.033,"
			+ "vault:*:TIMEOUT@0.033,kubernetes:*:HTTP_500@0.033,kubernetes:*:HTTP_503@0.033,"
			+ "kubernetes:*:TIMEOUT@0.033,grafana:*:HTTP_500@0.05,grafana:*:HTTP_503@0.05,"
			+ "prometheus:*:HTTP_500@0.05,prometheus:*:HTTP_503@0.05";

	/** {@link #TEN_PERCENT} as a property of a test context. */
	public static final String TEN_PERCENT_PROPERTY = "rehearsal.faults=" + TEN_PERCENT;

	private Faults() {
	}

	/**
	 * What the engine retried: jobs that failed (a step's transient fault, retried with
	 * its back-off) and looks of waits that failed (looked at again), by process; and the
	 * calls each system answered with a server error (5xx, the lab's timeouts included).
	 */
	public record Retries(Map<String, Long> failedJobs, Map<String, Long> failedLooks, Map<String, Long> serverErrors,
			Map<String, Long> requests) {

		public long jobs() {
			return this.failedJobs.values().stream().mapToLong(Long::longValue).sum();
		}

		public long looks() {
			return this.failedLooks.values().stream().mapToLong(Long::longValue).sum();
		}

		@Override
		public String toString() {
			return "failed jobs " + jobs() + " " + this.failedJobs + ", failed looks " + looks() + " "
					+ this.failedLooks + ", server errors per system " + this.serverErrors + " of requests "
					+ this.requests;
		}

	}

	/** Since the engine started (history) and the journal was last cleared. */
	public static Retries count(ProcessEngineServices engine, RequestJournal journal) {
		HistoryService history = engine.getHistoryService();
		List<HistoricJobLog> jobs = history.createHistoricJobLogQuery().failureLog().list();
		List<HistoricExternalTaskLog> looks = history.createHistoricExternalTaskLogQuery().failureLog().list();
		return new Retries(byKey(jobs, HistoricJobLog::getProcessDefinitionKey),
				byKey(looks, HistoricExternalTaskLog::getProcessDefinitionKey),
				journal.entries()
					.stream()
					.filter(e -> e.status() >= 500)
					.collect(Collectors.groupingBy(RequestJournal.Entry::system, TreeMap::new, Collectors.counting())),
				journal.entries()
					.stream()
					.collect(Collectors.groupingBy(RequestJournal.Entry::system, TreeMap::new, Collectors.counting())));
	}

	private static <T> Map<String, Long> byKey(List<T> logs, Function<T, String> key) {
		return logs.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
	}

}
