package org.homelab.rollout.support;

import java.time.Duration;

import org.camunda.bpm.engine.HistoryService;

import static org.awaitility.Awaitility.await;

/** Waiting, in tests, for what the engine does on its own threads. */
public final class Runs {

	private Runs() {
	}

	/** Until the process instance has ended (any end event), at most {@code timeout}. */
	public static void awaitEnded(HistoryService history, String processInstanceId, Duration timeout) {
		await().atMost(timeout)
			.until(() -> history.createHistoricProcessInstanceQuery()
				.processInstanceId(processInstanceId)
				.finished()
				.count() == 1);
	}

}
