package org.homelab.rollout.backup;

import java.util.Objects;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** The client: hands out the per-concern templates over one {@link PbsHttp}. */
final class ProxmoxBackupTemplate implements ProxmoxBackupOperations {

	private final PbsHttp http;

	ProxmoxBackupTemplate(PbsHttp http) {
		this.http = http;
	}

	/**
	 * A client derived from the shared OkHttp client: the endpoint's TLS trust, redirects
	 * never followed (they would leave the pinned server), {@code retries} immediate
	 * repeats of a transient fault that is safe to repeat.
	 */
	static ProxmoxBackupOperations create(OkHttpClient shared, PbsEndpoint endpoint, PbsCredentials credentials,
			int retries) {
		HttpUrl base = Objects.requireNonNull(HttpUrl.parse(endpoint.url().toString()), "PBS url")
			.newBuilder()
			.encodedPath("/api2/json")
			.build();
		OkHttpClient http = PbsTls.apply(endpoint, shared.newBuilder().followRedirects(false)).build();
		return new ProxmoxBackupTemplate(new PbsHttp(http, base, credentials, retries));
	}

	@Override
	public PbsVersion version() {
		var data = this.http.get(new PbsForm(), "version");
		return new PbsVersion(data.path("version").asText(), data.path("release").asText(),
				data.path("repoid").asText());
	}

	@Override
	public boolean ping() {
		return this.http.get(new PbsForm(), "ping").path("pong").asBoolean(false);
	}

	@Override
	public PbsDatastoreOperations datastores() {
		return new PbsDatastoreTemplate(this.http);
	}

	@Override
	public PbsAccessOperations access() {
		return new PbsAccessTemplate(this.http);
	}

	@Override
	public PbsJobOperations jobs() {
		return new PbsJobTemplate(this.http);
	}

	@Override
	public PbsTaskOperations tasks() {
		return upid -> {
			var data = this.http.get(new PbsForm(), "nodes", "localhost", "tasks", upid, "status");
			return new PbsTask(upid, "running".equals(data.path("status").asText()),
					data.path("exitstatus").asText(null));
		};
	}

}
