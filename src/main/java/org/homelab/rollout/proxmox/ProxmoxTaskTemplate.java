package org.homelab.rollout.proxmox;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

final class ProxmoxTaskTemplate implements ProxmoxTaskOperations {

	private final ProxmoxHttp http;

	private final String node;

	ProxmoxTaskTemplate(ProxmoxHttp http, String node) {
		this.http = http;
		this.node = node;
	}

	@Override
	public TaskStatus status(Upid upid) {
		JsonNode status = this.http.get(new Form(), "nodes", this.node, "tasks", upid.text(), "status");
		boolean running = "running".equals(status.path("status").asText());
		return new TaskStatus(upid, running, running ? null : status.path("exitstatus").asText(null));
	}

	@Override
	public List<String> log(Upid upid, int start, int limit) {
		Form query = new Form().add("start", start).add("limit", limit);
		List<String> lines = new ArrayList<>();
		for (JsonNode line : this.http.get(query, "nodes", this.node, "tasks", upid.text(), "log")) {
			lines.add(line.path("t").asText());
		}
		return lines;
	}

}
