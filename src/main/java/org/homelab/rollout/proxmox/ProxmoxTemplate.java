package org.homelab.rollout.proxmox;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The client: hands out the per-concern templates, all sharing one authenticated,
 * TLS-verifying OkHttp client.
 */
final class ProxmoxTemplate implements ProxmoxOperations {

	private final ProxmoxHttp http;

	ProxmoxTemplate(OkHttpClient http, HttpUrl base, int retries) {
		this.http = new ProxmoxHttp(http, base, retries);
	}

	@Override
	public ProxmoxClusterOperations cluster() {
		return new ProxmoxClusterTemplate(this.http);
	}

	@Override
	public ProxmoxVmOperations vms(String node) {
		return new ProxmoxVmTemplate(this.http, node);
	}

	@Override
	public ProxmoxTaskOperations tasks(String node) {
		return new ProxmoxTaskTemplate(this.http, node);
	}

	@Override
	public ProxmoxAgentOperations agent(String node) {
		return new ProxmoxAgentTemplate(this.http, node);
	}

	@Override
	public ProxmoxFirewallOperations firewall(String node) {
		return new ProxmoxFirewallTemplate(this.http, node);
	}

	@Override
	public ProxmoxAccessOperations access() {
		return new ProxmoxAccessTemplate(this.http);
	}

	@Override
	public ProxmoxStorageOperations storage() {
		return new ProxmoxStorageTemplate(this.http);
	}

	@Override
	public ProxmoxBackupOperations backups() {
		return new ProxmoxBackupTemplate(this.http);
	}

}
