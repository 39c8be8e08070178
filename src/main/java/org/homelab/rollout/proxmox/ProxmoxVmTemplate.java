package org.homelab.rollout.proxmox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

final class ProxmoxVmTemplate implements ProxmoxVmOperations {

	private final ProxmoxHttp http;

	private final String node;

	ProxmoxVmTemplate(ProxmoxHttp http, String node) {
		this.http = http;
		this.node = node;
	}

	@Override
	public List<VmSummary> list() {
		List<VmSummary> vms = new ArrayList<>();
		for (JsonNode vm : this.http.get(new Form(), "nodes", this.node, "qemu")) {
			vms.add(new VmSummary(vm.path("vmid").asInt(), vm.path("name").asText(null), vm.path("status").asText(),
					vm.path("template").asInt() == 1, vm.path("lock").asText(null),
					VmConfig.tags(vm.path("tags").asText(null))));
		}
		return vms;
	}

	@Override
	public VmConfig config(int vmid) {
		Map<String, String> values = new LinkedHashMap<>();
		this.http.get(new Form(), vm(vmid, "config"))
			.properties()
			.forEach(e -> values.put(e.getKey(), e.getValue().asText()));
		return new VmConfig(values);
	}

	@Override
	public Upid cloneAsync(int vmid, CloneRequest request) {
		return upid(this.http.post(request.form(), vm(vmid, "clone")));
	}

	@Override
	public void configure(int vmid, ConfigRequest request) {
		this.http.put(request.form(), vm(vmid, "config"));
	}

	@Override
	public Upid resizeAsync(int vmid, String disk, String size) {
		return upid(this.http.put(new Form().add("disk", disk).add("size", size), vm(vmid, "resize")));
	}

	@Override
	public Upid startAsync(int vmid) {
		return upid(this.http.post(new Form(), vm(vmid, "status", "start")));
	}

	@Override
	public Upid shutdownAsync(int vmid, int timeoutSeconds) {
		Form form = new Form().add("timeout", timeoutSeconds).add("forceStop", true);
		return upid(this.http.post(form, vm(vmid, "status", "shutdown")));
	}

	@Override
	public Upid stopAsync(int vmid) {
		return upid(this.http.post(new Form(), vm(vmid, "status", "stop")));
	}

	@Override
	public VmStatus status(int vmid) {
		JsonNode status = this.http.get(new Form(), vm(vmid, "status", "current"));
		return new VmStatus(vmid, status.path("name").asText(null), status.path("status").asText(),
				status.path("lock").asText(null), status.path("agent").asInt() == 1, status.path("uptime").asLong());
	}

	@Override
	public Upid deleteAsync(int vmid) {
		Form query = new Form().add("purge", true).add("destroy-unreferenced-disks", true);
		return upid(this.http.delete(query, vm(vmid)));
	}

	private String[] vm(int vmid, String... rest) {
		String[] segments = new String[4 + rest.length];
		segments[0] = "nodes";
		segments[1] = this.node;
		segments[2] = "qemu";
		segments[3] = String.valueOf(vmid);
		System.arraycopy(rest, 0, segments, 4, rest.length);
		return segments;
	}

	static Upid upid(JsonNode data) {
		return new Upid(data.asText());
	}

}
