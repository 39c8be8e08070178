package org.homelab.rollout.kubernetes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.homelab.rollout.kubernetes.HelmChartApplied.Outcome;

import static org.homelab.rollout.kubernetes.KubernetesResponses.call;

/**
 * {@link HelmReleaseOperations} through the API server; Job and workload reads live in
 * {@link HelmJobs}.
 */
class HelmReleaseTemplate implements HelmReleaseOperations {

	private static final Log logger = LogFactory.getLog(HelmReleaseTemplate.class);

	private final ClusterConnection connection;

	private final KubernetesProperties properties;

	HelmReleaseTemplate(ClusterConnection connection, KubernetesProperties properties) {
		this.connection = connection;
		this.properties = properties;
	}

	@Override
	public HelmChartApplied applyChart(HelmReleaseRequest request, String run) {
		String ns = this.properties.chartNamespace();
		String name = request.name();
		Map<String, Object> spec = request.spec(this.properties.backOffLimit(), this.properties.helmTimeoutFlag());
		GenericKubernetesResource existing = call("GET helmcharts " + ns + "/" + name, () -> chart(name).get());
		if (existing != null && HelmCharts.deleting(existing)) {
			throw new KubernetesException("K3s: HelmChart " + ns + "/" + name + " is being deleted (helm-delete-" + name
					+ " runs); the install is retried once it is gone. If it stays, see 'kubectl -n " + ns
					+ " get job helm-delete-" + name + "'.");
		}
		if (existing != null && HelmCharts.sameSpec(spec, HelmCharts.spec(existing))) {
			logger.info("HelmChart " + ns + "/" + name + " already has the wanted spec: adopted");
			return new HelmChartApplied(Outcome.ADOPTED, null, HelmCharts.createdByRun(existing));
		}
		String previousJobUid = jobs().uid(ns, "helm-install-" + name);
		if (existing == null) {
			call("POST helmcharts " + ns + "/" + name,
					() -> client().resource(HelmCharts.build(ns, name, spec, run)).create());
			logger.info("HelmChart " + ns + "/" + name + " created (chart " + request.chart() + ")");
			return new HelmChartApplied(Outcome.CREATED, previousJobUid, run);
		}
		existing.setAdditionalProperty("spec", spec);
		// update() sends the resourceVersion read above: a concurrent change answers 409
		// instead of being lost
		call("PUT helmcharts " + ns + "/" + name, () -> client().resource(existing).update());
		logger.info("HelmChart " + ns + "/" + name + " updated to a new spec; helm-controller upgrades the release");
		return new HelmChartApplied(Outcome.UPDATED, previousJobUid, HelmCharts.createdByRun(existing));
	}

	@Override
	public HelmJobStatus installJob(String release, String previousJobUid) {
		String ns = this.properties.chartNamespace();
		GenericKubernetesResource chart = call("GET helmcharts " + ns + "/" + release, () -> chart(release).get());
		if (chart == null) {
			throw new KubernetesException("K3s: HelmChart " + ns + "/" + release + " vanished while its install Job"
					+ " was awaited (GET answered 404): someone deleted it. Re-run the release's installation.");
		}
		return jobs().installStatus(ns, release, previousJobUid);
	}

	@Override
	public ReleaseHealth health(String release, String targetNamespace, String node) {
		return new ReleaseWorkloads(client()).health(release, targetNamespace, node);
	}

	@Override
	public boolean deleteChart(String release) {
		String ns = this.properties.chartNamespace();
		boolean deleted = !call("DELETE helmcharts " + ns + "/" + release, () -> chart(release).delete()).isEmpty();
		logger.info("HelmChart " + ns + "/" + release + (deleted ? " deleted; helm-controller uninstalls" : " absent"));
		return deleted;
	}

	@Override
	public UninstallStatus uninstallStatus(String release) {
		String ns = this.properties.chartNamespace();
		GenericKubernetesResource chart = call("GET helmcharts " + ns + "/" + release, () -> chart(release).get());
		if (chart == null) {
			return new UninstallStatus(UninstallStatus.State.GONE, "HelmChart " + ns + "/" + release + " is gone");
		}
		String jobName = "helm-delete-" + release;
		Job job = jobs().job(ns, jobName);
		if (HelmJobs.hasCondition(job, "Failed")) {
			return new UninstallStatus(UninstallStatus.State.FAILED, jobs().failure(job));
		}
		return new UninstallStatus(UninstallStatus.State.DELETING, "Job " + ns + "/" + jobName
				+ " to uninstall the release and the helm-controller to release HelmChart " + release);
	}

	@Override
	public List<ReleaseDrift> drift(List<HelmReleaseRequest> releases) {
		String ns = this.properties.chartNamespace();
		Map<String, GenericKubernetesResource> charts = new HashMap<>();
		call("GET helmcharts " + ns,
				() -> client().genericKubernetesResources(HelmCharts.CONTEXT).inNamespace(ns).list())
			.getItems()
			.forEach(chart -> charts.put(chart.getMetadata().getName(), chart));
		List<ReleaseDrift> drift = new ArrayList<>();
		for (HelmReleaseRequest release : releases) {
			GenericKubernetesResource existing = charts.get(release.name());
			if (existing == null) {
				drift.add(new ReleaseDrift(release.name(), false, false, List.of()));
				continue;
			}
			Map<String, Object> spec = release.spec(this.properties.backOffLimit(), this.properties.helmTimeoutFlag());
			drift.add(new ReleaseDrift(release.name(), true, HelmCharts.deleting(existing),
					HelmCharts.differingFields(spec, HelmCharts.spec(existing))));
		}
		return drift;
	}

	private Resource<GenericKubernetesResource> chart(String name) {
		return client().genericKubernetesResources(HelmCharts.CONTEXT)
			.inNamespace(this.properties.chartNamespace())
			.withName(name);
	}

	private HelmJobs jobs() {
		return new HelmJobs(client(), this.properties.logTailLines());
	}

	private KubernetesClient client() {
		return this.connection.client();
	}

}
