/**
 * Monitoring in the rehearsal lab: the {@code prometheus} unit of a VM runs the real
 * Prometheus (Debian's /usr/bin/prometheus, when installed) with the files the engine
 * wrote into the VM, or a small simulated Prometheus API that says so; simulated node
 * exporters on the nodes' addresses; the {@code grafana-server} unit of the frontend
 * server runs a simulated Grafana HTTP API reading the provisioning files from the VM.
 */
package org.homelab.rollout.rehearsal.monitoring;
