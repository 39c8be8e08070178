package org.homelab.rollout.proxmox;

import com.fasterxml.jackson.databind.JsonNode;

final class ProxmoxClusterTemplate implements ProxmoxClusterOperations {

	private final ProxmoxHttp http;

	ProxmoxClusterTemplate(ProxmoxHttp http) {
		this.http = http;
	}

	@Override
	public int nextId() {
		// PVE answers the id as a string although its schema says integer
		return Integer.parseInt(this.http.get(new Form(), "cluster", "nextid").asText());
	}

	@Override
	public boolean isFree(int vmid) {
		try {
			this.http.get(new Form().add("vmid", vmid), "cluster", "nextid");
			return true;
		}
		catch (ProxmoxApiException ex) {
			String complaint = ex.parameterErrors().getOrDefault("vmid", "");
			if (ex.status() == 400 && complaint.contains("already exists")) {
				return false;
			}
			throw ex;
		}
	}

	@Override
	public String version() {
		return this.http.get(new Form(), "version").path("version").asText();
	}

	@Override
	public NodeStatus nodeStatus(String node) {
		JsonNode status = this.http.get(new Form(), "nodes", node, "status");
		return new NodeStatus(node, status.path("cpuinfo").path("cpus").asInt(),
				status.path("memory").path("total").asLong(), status.path("memory").path("used").asLong());
	}

}
