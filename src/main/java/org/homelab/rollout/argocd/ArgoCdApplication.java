package org.homelab.rollout.argocd;

import java.util.List;

/**
 * An Application as Argo CD reports it: its source and destination, and its status
 * ({@code status.sync.status} Synced/OutOfSync/Unknown, {@code status.health.status}
 * Healthy/Progressing/Degraded/Missing/…, the last operation's phase and message, and the
 * conditions such as {@code ComparisonError}).
 */
public record ArgoCdApplication(String name, String project, String repoUrl, String path, String targetRevision,
		String destinationServer, String destinationNamespace, boolean automated, boolean selfHeal, String syncStatus,
		String healthStatus, String revision, String operationPhase, String operationMessage,
		List<Condition> conditions) {

	public ArgoCdApplication {
		conditions = List.copyOf(conditions);
	}

	/** One of {@code status.conditions}, e.g. {@code ComparisonError}. */
	public record Condition(String type, String message) {
	}

	public boolean synced() {
		return "Synced".equals(this.syncStatus);
	}

	public boolean healthy() {
		return "Healthy".equals(this.healthStatus);
	}

}
