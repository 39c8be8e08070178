/**
 * Monitoring (the plan's 1.1, Prometheus + Grafana): the configuration the project
 * generates from the inventory (prometheus.yml, Grafana provisioning), the rules and
 * dashboards it ships under {@code deploy/}, the install scripts, the monitoring access
 * in K3s, and plain OkHttp clients of the Prometheus and Grafana HTTP APIs. No Camunda.
 */
package org.homelab.rollout.monitoring;
