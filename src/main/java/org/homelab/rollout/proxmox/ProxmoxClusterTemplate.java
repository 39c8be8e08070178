package org.homelab.rollout.proxmox;

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
	public String version() {
		return this.http.get(new Form(), "version").path("version").asText();
	}

}
