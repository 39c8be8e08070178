/**
 * The monitoring steps of the process models: delegates ({@code ${createMonitoringAccessDelegate}} …), wait
 * conditions (topics {@code monitoring-token}, {@code prometheus-ready}, {@code grafana-health},
 * {@code grafana-admin-password}) and the success-criteria checks of Phase 1, which never throw when a criterion is
 * unmet: they set {@code <key>Met} and {@code <key>Result} for the gate's form.
 */
package org.homelab.rollout.monitoring.steps;
