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
		JsonNode answer = this.http.get(query, "nodes", this.node, "tasks", upid.text(), "log");
		for (JsonNode line : answer) {
			lines.add(line.path("t").asText());
		}
		// PVE answers an empty log with one made-up line (its GUI's store wants one); it
		// is not part of the log
		boolean empty = start == 0 && answer.size() == 1 && "no content".equals(answer.path(0).path("t").asText());
		return empty ? List.of() : lines;
	}

}
