package org.homelab.rollout.monitoring.steps;

import java.util.Map;
import java.util.Set;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.monitoring.GrafanaApi;
import org.homelab.rollout.monitoring.GrafanaProvisioning;
import org.homelab.rollout.monitoring.MonitoringClients;
import org.homelab.rollout.monitoring.MonitoringProperties;
import org.homelab.rollout.monitoring.MonitoringScripts;
import org.homelab.rollout.monitoring.PrometheusFiles;
import org.homelab.rollout.monitoring.ScrapePlans;
import org.homelab.rollout.proxmox.ProxmoxApiException;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** grafana-install's own steps: is Grafana there, and whose; its provisioning; the wait for its health. */
@Configuration(proxyBeanMethods = false)
class GrafanaSteps {

	static final String INI = "/etc/grafana/grafana.ini";

	@Bean
	JavaDelegate inspectGrafanaDelegate(GuestAccess guests) {
		return new InspectGrafanaDelegate(guests);
	}

	@Bean
	JavaDelegate writeGrafanaProvisioningDelegate(GuestAccess guests, ScrapePlans plans,
			MonitoringProperties properties) {
		return new WriteGrafanaProvisioningDelegate(guests, plans, properties);
	}

	@Bean
	WaitCondition grafanaHealthCondition(MonitoringClients clients) {
		return new WaitCondition() {

			@Override
			public String topic() {
				return "grafana-health";
			}

			@Override
			public Set<String> variables() {
				return Set.of(MonitoringVariables.GRAFANA_URL);
			}

			@Override
			public Check check(Look look) {
				Map<String, Object> variables = look.variables();
				String url = (String) variables.get(MonitoringVariables.GRAFANA_URL);
				GrafanaApi.Health health = clients.grafana(url).health();
				return health.healthy() ? Check.done(Map.of())
						: Check.waiting("Grafana at " + url + "/api/health to answer with database ok (" + health.detail()
								+ ")");
			}

		};
	}

	/**
	 * Reads /etc/grafana in the frontend server: {@code grafanaPresent} whether the package is there, and
	 * {@code grafanaInstalled} true when this run installs it now or did before (its mark names this run).
	 */
	static final class InspectGrafanaDelegate implements JavaDelegate {

		private final GuestAccess guests;

		InspectGrafanaDelegate(GuestAccess guests) {
			this.guests = guests;
		}

		@Override
		public void execute(DelegateExecution execution) {
			GuestAccess.Guest guest = this.guests.of(execution);
			String run = RolloutRun.of(execution);
			boolean present = read(guest, INI).isPresent();
			boolean ours = read(guest, MonitoringScripts.GRAFANA_MARK).map(String::strip).filter(run::equals)
				.isPresent();
			execution.setVariable(MonitoringVariables.ROLLOUT_RUN, run);
			execution.setVariable(MonitoringVariables.GRAFANA_PRESENT, present);
			execution.setVariable(MonitoringVariables.GRAFANA_INSTALLED, !present || ours);
		}

		private static Optional<String> read(GuestAccess.Guest guest, String path) {
			try {
				return Optional.of(guest.agent().fileRead(guest.vmid(), path));
			}
			catch (ProxmoxApiException ex) {
				if (ex.getMessage() != null && ex.getMessage().contains("No such file")) {
					return Optional.empty();
				}
				throw ex;
			}
		}

	}

	/** The data source (the Prometheus VM) and the shipped dashboards, written where Grafana provisions from. */
	static final class WriteGrafanaProvisioningDelegate implements JavaDelegate {

		private final GuestAccess guests;

		private final ScrapePlans plans;

		private final MonitoringProperties properties;

		WriteGrafanaProvisioningDelegate(GuestAccess guests, ScrapePlans plans, MonitoringProperties properties) {
			this.guests = guests;
			this.plans = plans;
			this.properties = properties;
		}

		@Override
		public void execute(DelegateExecution execution) {
			String address = this.plans.plannedPrometheusAddress();
			// under DHCP the Prometheus VM is known by name only
			String prometheus = this.plans.prometheusUrl((address != null) ? address : this.plans.prometheusHost());
			this.guests.write(this.guests.of(execution), GrafanaProvisioning.files(prometheus,
					PrometheusFiles.dashboards(this.properties.grafanaDir()), RolloutRun.of(execution)));
			execution.setVariable(MonitoringVariables.GRAFANA_URL, this.plans.grafanaUrl());
		}

	}

}
