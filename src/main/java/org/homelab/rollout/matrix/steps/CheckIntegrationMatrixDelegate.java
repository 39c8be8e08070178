package org.homelab.rollout.matrix.steps;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.matrix.MatrixCheck;
import org.homelab.rollout.matrix.MatrixObservation;

import org.springframework.stereotype.Component;

/**
 * Success criterion: every cell of the integration matrix the phases so far made real
 * holds on the live systems. The phase is the variable {@code rolloutPhase} (Phase 1 if
 * unset). Sets {@code integrationMatrixMet}, {@code integrationMatrixResult} and
 * {@code integrationMatrixCells} (one line a cell with its state, for the gate form).
 */
@Component
class CheckIntegrationMatrixDelegate implements JavaDelegate {

	static final String KEY = "integrationMatrix";

	static final String PHASE = "rolloutPhase";

	/** Argo CD's address as Phase 3's argocd-install found it. */
	static final String ARGOCD_URL = "argocdUrl";

	/** Camunda keeps a String variable up to 4000 characters. */
	static final int MAX = 3900;

	private final MatrixCheck check;

	private final MatrixObservation observation;

	CheckIntegrationMatrixDelegate(MatrixCheck check, MatrixObservation observation) {
		this.check = check;
		this.observation = observation;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Object variable = execution.getVariable(PHASE);
		// a model's ${2} is a Long, a Java caller's 2 an Integer
		int phase = (variable instanceof Number number) ? number.intValue() : 1;
		// where the phase found Argo CD (argocd-install's argocdUrl), else the configured
		// address
		Object argocdUrl = execution.getVariable(ARGOCD_URL);
		MatrixCheck.Observed observed = this.observation.observe(phase,
				(argocdUrl instanceof String url && !url.isBlank()) ? url : null);
		List<String> unscraped = this.check.unscraped(phase, observed);
		if (!unscraped.isEmpty()) {
			// a target added or reloaded moments ago has no health yet: a verdict now
			// would
			// be a guess, so the job's retry looks again after a scrape interval
			throw new IllegalStateException("Prometheus has not scraped " + unscraped
					+ " yet; the integration matrix is checked again when this job retries");
		}
		MatrixCheck.Result result = this.check.check(phase, observed);
		execution.setVariable(KEY + "Met", result.criterion().met());
		execution.setVariable(KEY + "Result", cut(result.criterion().result()));
		execution.setVariable(KEY + "Cells", cut(result.table()));
	}

	private static String cut(String text) {
		return (text.length() <= MAX) ? text : text.substring(0, MAX) + "…";
	}

}
