/**
 * The monitoring steps of the process models, one class each: delegates
 * ({@code ${createMonitoringAccessDelegate}} …), waits (topics {@code monitoring-token},
 * {@code prometheus-ready}, {@code grafana-health}, {@code prometheus-nodes-scraped};
 * guest commands are awaited at run-script's {@code proxmox-script}) and the success
 * criteria of Phase 1, which never throw when a criterion is unmet: they set
 * {@code <key>Met} and {@code <key>Result} from the
 * {@link org.homelab.rollout.monitoring.MonitoringCriteria} for the gate's form.
 */
package org.homelab.rollout.monitoring.steps;
