package org.homelab.rollout.drift;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.criteria.CriteriaGauges;

import org.springframework.stereotype.Component;

/**
 * After a phase's checks ran again: each criterion its gate showed (the run that
 * completed the phase, input {@code phaseRun}; the phase, input {@code rolloutPhase}) as
 * found now sets its gauge {@code homelab_rollout_criterion{phase,criterion}}; one met at
 * the gate and not met now is drift: a line of what changed, since when it is not seen
 * met (the last time this check, an earlier one or the gate saw it met) and which phase
 * to run again (it adopts what exists and repairs the rest).
 */
@Component
class CompareCriteriaDelegate implements JavaDelegate {

	private static final int MAX_RESULT = 400;

	private final PhaseHistory history;

	private final CriteriaGauges gauges;

	CompareCriteriaDelegate(PhaseHistory history, CriteriaGauges gauges) {
		this.history = history;
		this.gauges = gauges;
	}

	@Override
	public void execute(DelegateExecution execution) {
		int phase = ((Number) execution.getVariable(DriftVariables.PHASE)).intValue();
		String run = (String) execution.getVariable(DriftVariables.PHASE_RUN);
		Map<String, Boolean> atGate = this.history.gateCriteria(run);
		Instant gate = this.history.gateOpened(run, phase).map(date -> date.toInstant()).orElse(null);
		Map<String, Instant> lastMet = lastMet(execution);
		Instant now = Instant.now();
		List<String> changes = new ArrayList<>();
		List<String> since = new ArrayList<>();
		List<String> drifted = new ArrayList<>();
		for (Map.Entry<String, Boolean> criterion : atGate.entrySet()) {
			String name = criterion.getKey();
			Object found = execution.getVariable(name + Criteria.MET);
			if (!(found instanceof Boolean metNow)) {
				// not checked again (what only the run could find, e.g. a manual
				// restore):
				// its gauge keeps what the gate showed
				continue;
			}
			this.gauges.record(phase, name, metNow);
			String key = phase + "/" + name;
			if (metNow) {
				lastMet.put(key, now);
				continue;
			}
			if (!criterion.getValue()) {
				// not met at the gate either: nothing drifted
				continue;
			}
			// the later of the last check that saw it met and the gate that did
			Instant seen = lastMet.get(key);
			if (seen == null || (gate != null && gate.isAfter(seen))) {
				seen = gate;
			}
			drifted.add(key);
			changes.add("Phase " + phase + " · " + name + ": " + result(execution, name));
			since.add("Phase " + phase + " · " + name + ": last seen met "
					+ ((seen != null) ? seen.toString() : "at its gate")
					+ ((seen != null && seen.equals(gate)) ? " (the gate of run " + run + ")" : ""));
		}
		execution.getProcessInstance().setVariable(DriftVariables.LAST_MET, render(lastMet));
		if (drifted.isEmpty()) {
			return;
		}
		execution.getProcessInstance().setVariable(DriftVariables.FOUND, true);
		append(execution, DriftVariables.CHANGES, String.join("\n", changes));
		append(execution, DriftVariables.SINCE, String.join("\n", since));
		append(execution, DriftVariables.CRITERIA, String.join(", ", drifted), ", ");
		String key = this.history.phases().get(phase);
		append(execution, DriftVariables.ACTION,
				"Run " + key + " again (Phase " + phase + "): it adopts what exists and repairs "
						+ String.join(", ", drifted.stream().map(d -> d.substring(d.indexOf('/') + 1)).toList())
						+ "; its gate shows the criteria checked anew");
	}

	private static String result(DelegateExecution execution, String criterion) {
		Object result = execution.getVariable(criterion + Criteria.RESULT);
		String text = (result != null) ? result.toString() : "not met";
		return (text.length() <= MAX_RESULT) ? text : text.substring(0, MAX_RESULT) + "…";
	}

	/**
	 * This check's record if an earlier phase of it started one, else the latest earlier
	 * check's.
	 */
	private Map<String, Instant> lastMet(DelegateExecution execution) {
		Object record = execution.getVariable(DriftVariables.LAST_MET);
		if (record == null) {
			record = this.history
				.latestEarlier(DriftVariables.PROCESS, execution.getProcessInstanceId(), DriftVariables.LAST_MET)
				.orElse("");
		}
		Map<String, Instant> lastMet = new LinkedHashMap<>();
		for (String line : record.toString().lines().toList()) {
			int equals = line.indexOf('=');
			if (equals > 0) {
				try {
					lastMet.put(line.substring(0, equals), Instant.parse(line.substring(equals + 1)));
				}
				catch (java.time.format.DateTimeParseException ex) {
					// a line cut at the variable's length: that criterion starts afresh
				}
			}
		}
		return lastMet;
	}

	private static String render(Map<String, Instant> lastMet) {
		StringBuilder text = new StringBuilder();
		lastMet.forEach((key, instant) -> text.append(key).append('=').append(instant).append('\n'));
		return DriftVariables.cut(text.toString());
	}

	private static void append(DelegateExecution execution, String variable, String text) {
		append(execution, variable, text, "\n");
	}

	private static void append(DelegateExecution execution, String variable, String text, String separator) {
		Object before = execution.getVariable(variable);
		String joined = (before == null || before.toString().isEmpty()) ? text : before + separator + text;
		execution.getProcessInstance().setVariable(variable, DriftVariables.cut(joined));
	}

}
