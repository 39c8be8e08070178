package org.homelab.rollout.proxmox;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

final class ProxmoxAgentTemplate implements ProxmoxAgentOperations {

	/** file-write takes at most 61440 characters. */
	static final int MAX_FILE_WRITE = 61440;

	private final ProxmoxHttp http;

	private final String node;

	ProxmoxAgentTemplate(ProxmoxHttp http, String node) {
		this.http = http;
		this.node = node;
	}

	@Override
	public void ping(int vmid) {
		this.http.postIdempotent(new Form(), agent(vmid, "ping"));
	}

	@Override
	public List<GuestInterface> networkInterfaces(int vmid) {
		List<GuestInterface> interfaces = new ArrayList<>();
		for (JsonNode iface : this.http.get(new Form(), agent(vmid, "network-get-interfaces")).path("result")) {
			List<String> ipv4 = new ArrayList<>();
			for (JsonNode address : iface.path("ip-addresses")) {
				if ("ipv4".equals(address.path("ip-address-type").asText())) {
					ipv4.add(address.path("ip-address").asText());
				}
			}
			interfaces.add(
					new GuestInterface(iface.path("name").asText(), iface.path("hardware-address").asText(null), ipv4));
		}
		return interfaces;
	}

	@Override
	public int exec(int vmid, List<String> command, String inputData) {
		Form form = new Form().addAll("command", command).add("input-data", inputData);
		return this.http.post(form, agent(vmid, "exec")).path("pid").asInt();
	}

	@Override
	public ExecStatus execStatus(int vmid, int pid) {
		JsonNode status = this.http.get(new Form().add("pid", pid), agent(vmid, "exec-status"));
		boolean exited = status.path("exited").asInt() == 1 || status.path("exited").asBoolean(false);
		Integer exitCode = status.has("exitcode") ? status.path("exitcode").asInt() : null;
		return new ExecStatus(exited, exitCode, status.path("out-data").asText(""), status.path("err-data").asText(""));
	}

	@Override
	public void fileWrite(int vmid, String path, String content) {
		if (content.length() > MAX_FILE_WRITE) {
			throw new IllegalArgumentException(
					"file-write takes at most " + MAX_FILE_WRITE + " characters; " + path + " has " + content.length());
		}
		this.http.postIdempotent(new Form().add("file", path).add("content", content), agent(vmid, "file-write"));
	}

	@Override
	public String fileRead(int vmid, String path) {
		return this.http.get(new Form().add("file", path), agent(vmid, "file-read")).path("content").asText();
	}

	private String[] agent(int vmid, String command) {
		return new String[] { "nodes", this.node, "qemu", String.valueOf(vmid), "agent", command };
	}

}
