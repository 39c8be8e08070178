package org.homelab.rollout.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Grafana is provisioned with on the frontend server: the Prometheus data source and
 * the shipped dashboards.
 */
public final class GrafanaProvisioning {

	public static final String DATASOURCE = "/etc/grafana/provisioning/datasources/homelab-rollout.yaml";

	public static final String PROVIDER = "/etc/grafana/provisioning/dashboards/homelab-rollout.yaml";

	public static final String DASHBOARDS = "/var/lib/grafana/dashboards/homelab-rollout";

	/** The data source uid the shipped dashboards refer to. */
	public static final String DATASOURCE_UID = "homelab-prometheus";

	private GrafanaProvisioning() {
	}

	/**
	 * The line naming the run that wrote a provisioning file: its rollback removes only
	 * its own.
	 */
	public static String mark(String run) {
		return "# homelab-rollout run: " + run;
	}

	/** Path in the VM to content. */
	public static Map<String, String> files(String prometheusUrl, Map<String, String> dashboards, String run) {
		Map<String, String> files = new LinkedHashMap<>();
		files.put(DATASOURCE, """
				# written by homelab-rollout: the Prometheus VM as Grafana's default data source
				%s
				apiVersion: 1
				datasources:
				  - name: Prometheus
				    uid: %s
				    type: prometheus
				    access: proxy
				    url: %s
				    isDefault: true
				    editable: false
				""".formatted(mark(run), DATASOURCE_UID, prometheusUrl));
		files.put(PROVIDER, """
				# written by homelab-rollout: the dashboards it ships, in the folder Homelab
				%s
				apiVersion: 1
				providers:
				  - name: homelab-rollout
				    folder: Homelab
				    type: file
				    disableDeletion: true
				    allowUiUpdates: false
				    options:
				      path: %s
				""".formatted(mark(run), DASHBOARDS));
		dashboards.forEach((name, json) -> files.put(DASHBOARDS + "/" + name, json));
		return files;
	}

}
