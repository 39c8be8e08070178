package org.homelab.rollout.proxmox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

final class ProxmoxBackupTemplate implements ProxmoxBackupOperations {

	private final ProxmoxHttp http;

	ProxmoxBackupTemplate(ProxmoxHttp http) {
		this.http = http;
	}

	@Override
	public List<BackupJob> jobs() {
		List<BackupJob> jobs = new ArrayList<>();
		this.http.get(new Form(), "cluster", "backup").forEach(job -> jobs.add(job(job)));
		return jobs;
	}

	@Override
	public Optional<BackupJob> job(String id) {
		try {
			return Optional.of(job(this.http.get(new Form(), "cluster", "backup", id)));
		}
		catch (ProxmoxApiException ex) {
			if (ex.reason().contains("No such backup job") || ex.reason().contains("does not exist")) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public void createJob(BackupJobRequest job) {
		Form form = new Form().add("id", job.id());
		job.form().entries().forEach(e -> form.add(e.getKey(), e.getValue()));
		this.http.post(form, "cluster", "backup");
	}

	@Override
	public void updateJob(BackupJobRequest job) {
		this.http.put(job.form(), "cluster", "backup", job.id());
	}

	@Override
	public void deleteJob(String id) {
		this.http.delete(new Form(), "cluster", "backup", id);
	}

	@Override
	public Upid backupAsync(String node, String storage, List<Integer> vmids) {
		Form form = new Form().add("vmid", String.join(",", vmids.stream().map(String::valueOf).toList()))
			.add("storage", storage)
			.add("mode", "snapshot");
		return ProxmoxVmTemplate.upid(this.http.post(form, "nodes", node, "vzdump"));
	}

	@Override
	public Upid restoreAsync(String node, RestoreRequest request) {
		return ProxmoxVmTemplate.upid(this.http.post(request.form(), "nodes", node, "qemu"));
	}

	private static BackupJob job(JsonNode job) {
		Map<String, String> values = new LinkedHashMap<>();
		job.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
		List<Integer> vmids = new ArrayList<>();
		for (String vmid : values.getOrDefault("vmid", "").split("[,;\\s]+")) {
			if (!vmid.isEmpty()) {
				vmids.add(Integer.parseInt(vmid));
			}
		}
		return new BackupJob(values.get("id"), values.get("schedule"), values.get("storage"), vmids,
				values.getOrDefault("mode", "snapshot"), !"0".equals(values.getOrDefault("enabled", "1")), values);
	}

}
