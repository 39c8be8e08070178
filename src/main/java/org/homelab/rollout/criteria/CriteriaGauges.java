package org.homelab.rollout.criteria;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;

import org.springframework.stereotype.Component;

/**
 * Each success criterion's latest state, as Prometheus scrapes it from
 * {@code /actuator/prometheus}: {@code homelab_rollout_criterion{phase, criterion}} 1
 * met, 0 not. A phase's gate (user task {@code approve-phase-N}) records every
 * {@code <criterion>Met} variable when it opens, which is when the phase has just checked
 * them on the live systems; the gauge keeps that value until the next check.
 */
@Component("recordCriteria")
public class CriteriaGauges implements TaskListener {

	static final String METRIC = "homelab_rollout_criterion";

	private static final Pattern GATE = Pattern.compile("approve-phase-(\\d+)");

	private final MeterRegistry registry;

	private final Map<String, AtomicInteger> states = new ConcurrentHashMap<>();

	CriteriaGauges(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void notify(DelegateTask task) {
		Matcher gate = GATE.matcher(task.getTaskDefinitionKey());
		if (!gate.matches()) {
			return;
		}
		task.getVariables().forEach((name, value) -> {
			if (name.endsWith("Met") && value instanceof Boolean met) {
				record(Integer.parseInt(gate.group(1)), name.substring(0, name.length() - 3), met);
			}
		});
	}

	/** Sets the gauge of one criterion of one phase. */
	public void record(int phase, String criterion, boolean met) {
		this.states.computeIfAbsent(phase + "/" + criterion, key -> {
			AtomicInteger state = new AtomicInteger();
			Gauge.builder(METRIC, state, AtomicInteger::get)
				.description("A success criterion of the plan as last checked on the live systems: 1 met, 0 not")
				.tag("phase", Integer.toString(phase))
				.tag("criterion", criterion)
				.register(this.registry);
			return state;
		}).set(met ? 1 : 0);
	}

}
