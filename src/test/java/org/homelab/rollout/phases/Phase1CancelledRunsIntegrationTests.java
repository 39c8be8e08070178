package org.homelab.rollout.phases;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Phase 1 runs cancelled in Cockpit half-way, one after the other, each at another point
 * (during the clones, the install scripts, the Helm installs, between Vault's
 * initialisation and the engine token, at the gate): no compensation runs, so the lab
 * keeps what each left half done, and scripts and Helm Jobs they started run on. The next
 * run must adopt or clean all of it and reach its gate without an incident, with exactly
 * one of everything.
 */
class Phase1CancelledRunsIntegrationTests extends Phase1Context {

	/** Runs started per cancel point until one is cancelled there. */
	private static final int ATTEMPTS = 3;

	private final HttpClient http = HttpClient.newHttpClient();

	private final List<String> started = new ArrayList<>();

	@Test
	void runAfterSeveralCancelledRunsAdoptsWhatTheyLeftAndCompletes() throws IOException {
		try {
			runsAfterCancelledRuns();
		}
		catch (AssertionError | RuntimeException ex) {
			Path written = writeWhatHappened();
			ex.addSuppressed(new AssertionError("what the runs did and the lab answered: " + written));
			throw ex;
		}
	}

	private void runsAfterCancelledRuns() {
		List<String> missed = new ArrayList<>();
		cancelAt("cancelled-clone", "the clones", in("provision-vm", "wait-for-clone", "vmName", "vault"), missed);
		// grafana-install's package step: its script is named
		// prepare-grafana-provisioning
		// where an earlier run's install left Grafana in place
		cancelAt("cancelled-grafana", "grafana-install's package script", grafanaScript(), missed);
		cancelAt("cancelled-helm", "the Helm installs", at("install-helm-release", "wait-for-helm-job"), missed);
		cancelAt("cancelled-grafana-again", "grafana-install's package script again", grafanaScript(), missed);
		cancelAt("cancelled-gate", "the gate", at("phase-1-foundation", "approve-phase-1"), missed);

		String phase = this.phase1.start("after-cancelled");
		this.started.add(phase);
		Task gate = this.phase1.awaitGate(phase);
		Map<String, Object> shown = this.tasks.getVariables(gate.getId());
		for (String criterion : List.of("prometheusCollecting", "grafanaOperational", "vaultConfigured",
				"alertingTested")) {
			assertThat(shown).as(criterion).containsEntry(criterion + "Met", true);
		}
		this.phase1.decide(gate, "approve");
		assertThat(this.phase1.awaitEnd(phase)).isEqualTo("phase-1-done");
		assertThat(this.phase1.vms("prometheus")).hasSize(1);
		assertThat(this.phase1.vms("vault")).hasSize(1);
		assertThat(this.phase1.vms("frontend")).hasSize(1);
		assertThat(this.phase1.releases()).containsExactlyElementsOf(Phase1.RELEASES.stream().sorted().toList());
		assertThat(this.phase1.grafanaInstalled()).isTrue();
		assertThat(this.lab.journal().violations()).isEmpty();
		// a script that failed (e.g. apt finding dpkg's lock held by a cancelled run's
		// install) is reported and retried: none may have failed, in any of the runs
		assertThat(this.started.stream().flatMap(id -> activities(id).stream()))
			.filteredOn(a -> is(a, "run-script", "report-failure"))
			.extracting(a -> this.runs.variable(a.getProcessInstanceId(), "proxmoxError"))
			.as("scripts that failed")
			.isEmpty();
		assertThat(missed).as("cancel points the runs went past before the cancel").isEmpty();
	}

	/**
	 * Every activity of every run (start, end, process, activity, run) and every request
	 * the lab answered, in time order, to a file under target/: what the runs did and
	 * what they left running is read from there when the test fails.
	 */
	private Path writeWhatHappened() throws IOException {
		List<String> lines = new ArrayList<>();
		for (String phase : this.started) {
			for (HistoricActivityInstance a : activities(phase)) {
				lines.add(a.getStartTime().toInstant() + " activity " + a.getProcessDefinitionKey() + "/"
						+ a.getActivityId() + " of " + phase + " ended "
						+ ((a.getEndTime() != null) ? a.getEndTime().toInstant() : "never") + " (instance "
						+ a.getProcessInstanceId() + subject(a) + ")");
			}
		}
		this.lab.journal()
			.entries()
			.forEach(e -> lines.add(e.at() + " lab " + e.system() + " " + e.method() + " " + e.path() + " " + e.status()
					+ " " + e.verdict()));
		this.runtime.createIncidentQuery()
			.list()
			.forEach(i -> lines.add(i.getIncidentTimestamp().toInstant() + " incident " + i.getActivityId() + ": "
					+ i.getIncidentMessage()));
		Path file = Path.of("target", "cancelled-runs-" + Instant.now().toEpochMilli() + ".log");
		Files.write(file, lines.stream().sorted().toList());
		return file.toAbsolutePath();
	}

	/** The script or VM an activity of run-script or provision-vm is about. */
	private String subject(HistoricActivityInstance activity) {
		Object subject = switch (activity.getProcessDefinitionKey()) {
			case "run-script" -> this.runs.variable(activity.getProcessInstanceId(), "scriptName");
			case "provision-vm", "vault-install" -> this.runs.variable(activity.getProcessInstanceId(), "vmName");
			default -> null;
		};
		return (subject != null) ? ", " + subject : "";
	}

	/**
	 * Cancels a run at {@code where}: a run that had gone past the point by the time the
	 * operator pressed cancel (a lab script of a second ends while a busy engine answers
	 * the look) is one more cancelled run, and the next attempt tries the point again;
	 * notes the point as missed only if every attempt went past it.
	 */
	private void cancelAt(String run, String point, Where where, List<String> missed) {
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			if (cancelledAt((attempt == 1) ? run : run + "-" + attempt, point, where)) {
				return;
			}
		}
		missed.add(point);
	}

	/**
	 * Starts a run, waits until it is {@code where}, and cancels it as Cockpit does;
	 * answers whether the run was still there when the cancel was pressed.
	 */
	private boolean cancelledAt(String run, String point, Where where) {
		String phase = this.phase1.start(run);
		this.started.add(phase);
		try {
			await().atMost(Phase1.TIMEOUT).pollInterval(Duration.ofMillis(5)).until(() -> {
				Phase1.moveVaultSharesOffline(this.engine);
				return where.reached(activities(phase));
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(run + " never reached " + point + "; still running: "
					+ activities(phase).stream()
						.filter(a -> a.getEndTime() == null)
						.map(a -> a.getProcessDefinitionKey() + "/" + a.getActivityId())
						.toList()
					+ "; incidents: "
					+ this.runtime.createIncidentQuery()
						.list()
						.stream()
						.map(i -> i.getActivityId() + ": " + i.getIncidentMessage())
						.toList(),
					ex);
		}
		Date pressed = new Date();
		cancelAsCockpit(phase);
		// the activities that had not ended when the operator pressed cancel
		List<HistoricActivityInstance> cut = activities(phase).stream()
			.filter(a -> a.getEndTime() == null || !a.getEndTime().before(pressed))
			.toList();
		return where.still(cut);
	}

	/**
	 * What Cockpit's "Cancel process instance" sends: a DELETE of the root instance,
	 * which ends the instances it called too; custom listeners and I/O mappings are
	 * skipped (the dialog's defaults). A step committing that moment makes the delete
	 * collide with it; the engine tries again (CancelRetries), and only a conflict that
	 * outlasts its attempts reaches the operator, who presses again. Prints how many
	 * presses each cancel took.
	 */
	private void cancelAsCockpit(String phase) {
		String basic = Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
		URI uri = URI.create("http://localhost:" + this.port + "/engine-rest/process-instance/" + phase
				+ "?skipCustomListeners=true&skipIoMappings=true");
		int[] presses = { 0 };
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
			presses[0]++;
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(uri).header("Authorization", "Basic " + basic).DELETE().build(),
					BodyHandlers.ofString());
			if (response.statusCode() != 204) {
				System.out
					.println("cancel of " + phase + " answered " + response.statusCode() + ": " + response.body());
			}
			return response.statusCode() == 204;
		});
		System.out.println("cancel of " + phase + " pressed " + presses[0] + " time(s)");
		assertThat(this.runtime.createProcessInstanceQuery().rootProcessInstanceId(phase).count()).isZero();
	}

	/** Every activity instance of the run and of the processes it called. */
	private List<HistoricActivityInstance> activities(String phase) {
		return this.history.createHistoricProcessInstanceQuery()
			.rootProcessInstanceId(phase)
			.list()
			.stream()
			.flatMap(instance -> this.history.createHistoricActivityInstanceQuery()
				.processInstanceId(instance.getId())
				.list()
				.stream())
			.toList();
	}

	/**
	 * A cancel point: reached, and still there when the cancel was pressed (among the
	 * activities not ended by then).
	 */
	private record Where(Predicate<List<HistoricActivityInstance>> reached,
			Predicate<List<HistoricActivityInstance>> still) {

		boolean reached(List<HistoricActivityInstance> activities) {
			return this.reached.test(activities);
		}

		boolean still(List<HistoricActivityInstance> activities) {
			return this.still.test(activities);
		}

	}

	/** While an activity of that process runs (it was cancelled there). */
	private static Where at(String process, String activity) {
		Predicate<List<HistoricActivityInstance>> running = all -> all.stream()
			.anyMatch(a -> is(a, process, activity) && a.getEndTime() == null);
		return new Where(running, all -> all.stream().anyMatch(a -> is(a, process, activity)));
	}

	/**
	 * While the run-script of grafana-install's package step waits for its script in the
	 * guest, by either of its names.
	 */
	private Where grafanaScript() {
		Where install = in("run-script", "wait-for-script", "scriptName", "install-grafana");
		Where prepare = in("run-script", "wait-for-script", "scriptName", "prepare-grafana-provisioning");
		return new Where(install.reached.or(prepare.reached), install.still.or(prepare.still));
	}

	/**
	 * While the activity of that process runs in the instance whose variable has that
	 * value. Reached once entered: an activity over before a look saw it running (a
	 * script on a VM that already has its package) makes the attempt one the run went
	 * past, not one that never came.
	 */
	private Where in(String process, String activity, String variable, String value) {
		Predicate<List<HistoricActivityInstance>> entered = all -> entered(all, process, activity, variable, value);
		return new Where(entered, entered);
	}

	private boolean entered(List<HistoricActivityInstance> all, String process, String activity, String variable,
			String value) {
		return all.stream()
			.filter(a -> is(a, process, activity))
			.anyMatch(a -> value.equals(this.runs.variable(a.getProcessInstanceId(), variable)));
	}

	private static boolean is(HistoricActivityInstance activity, String process, String id) {
		return activity.getProcessDefinitionKey().equals(process) && activity.getActivityId().equals(id);
	}

}
