package org.homelab.rollout.backup;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

final class PbsJobTemplate implements PbsJobOperations {

	private final PbsHttp http;

	PbsJobTemplate(PbsHttp http) {
		this.http = http;
	}

	@Override
	public Optional<PruneJob> pruneJob(String id) {
		return find(() -> this.http.get(new PbsForm(), "config", "prune", id))
			.map(job -> new PruneJob(job.path("id").asText(), job.path("store").asText(),
					job.path("schedule").asText(null), count(job, "keep-daily"), count(job, "keep-weekly"),
					count(job, "keep-monthly")));
	}

	@Override
	public boolean ensurePruneJob(PruneJob job) {
		PbsForm settings = new PbsForm().add("schedule", job.schedule())
			.add("keep-daily", job.keepDaily())
			.add("keep-weekly", job.keepWeekly())
			.add("keep-monthly", job.keepMonthly());
		if (pruneJob(job.id()).isPresent()) {
			this.http.put(settings.add("store", job.store()), "config", "prune", job.id());
			return false;
		}
		PbsForm create = new PbsForm().add("id", job.id()).add("store", job.store());
		settings.entries().forEach(e -> create.add(e.getKey(), e.getValue()));
		this.http.post(create, "config", "prune");
		return true;
	}

	@Override
	public boolean deletePruneJob(String id) {
		return find(() -> this.http.delete(new PbsForm(), "config", "prune", id)).isPresent();
	}

	@Override
	public String runPruneJob(String id) {
		return this.http.post(new PbsForm(), "admin", "prune", id, "run").asText();
	}

	@Override
	public Optional<VerifyJob> verifyJob(String id) {
		return find(() -> this.http.get(new PbsForm(), "config", "verify", id))
			.map(job -> new VerifyJob(job.path("id").asText(), job.path("store").asText(),
					job.path("schedule").asText(null), job.path("ignore-verified").asBoolean(true),
					count(job, "outdated-after")));
	}

	@Override
	public boolean ensureVerifyJob(VerifyJob job) {
		PbsForm settings = new PbsForm().add("schedule", job.schedule())
			.add("ignore-verified", job.ignoreVerified())
			.add("outdated-after", job.outdatedAfterDays());
		if (verifyJob(job.id()).isPresent()) {
			this.http.put(settings.add("store", job.store()), "config", "verify", job.id());
			return false;
		}
		PbsForm create = new PbsForm().add("id", job.id()).add("store", job.store());
		settings.entries().forEach(e -> create.add(e.getKey(), e.getValue()));
		this.http.post(create, "config", "verify");
		return true;
	}

	@Override
	public boolean deleteVerifyJob(String id) {
		return find(() -> this.http.delete(new PbsForm(), "config", "verify", id)).isPresent();
	}

	@Override
	public String runVerifyJob(String id) {
		return this.http.post(new PbsForm(), "admin", "verify", id, "run").asText();
	}

	private static Integer count(JsonNode job, String field) {
		return job.hasNonNull(field) ? job.path(field).asInt() : null;
	}

	private static Optional<JsonNode> find(java.util.function.Supplier<JsonNode> call) {
		try {
			return Optional.of(call.get());
		}
		catch (PbsApiException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

}
