package org.homelab.rollout.monitoring;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.OkHttpClient;

/**
 * {@link GrafanaOperations} over OkHttp; the only secret read back is a service account
 * token.
 */
public final class GrafanaApi implements GrafanaOperations {

	private final MonitoringHttp http;

	private final String base;

	public GrafanaApi(OkHttpClient http, String base) {
		this.http = new MonitoringHttp(http, "Grafana");
		this.base = base.replaceAll("/$", "");
	}

	@Override
	public String base() {
		return this.base;
	}

	@Override
	public Health health() {
		try {
			MonitoringHttp.Answer answer = this.http.get(this.base + "/api/health", null);
			String database = answer.ok() ? answer.json().path("database").asText() : "";
			return new Health(answer.ok() && "ok".equals(database),
					"HTTP " + answer.status() + (database.isEmpty() ? "" : ", database " + database));
		}
		catch (MonitoringHttp.Unreachable ex) {
			return new Health(false, ex.getMessage());
		}
	}

	@Override
	public List<Dashboard> dashboards(String authorization) {
		List<Dashboard> dashboards = new ArrayList<>();
		for (JsonNode hit : this.http.get(this.base + "/api/search?type=dash-db", authorization).expectOk()) {
			dashboards.add(new Dashboard(hit.path("uid").asText(), hit.path("title").asText(),
					hit.path("folderTitle").asText("")));
		}
		return dashboards;
	}

	@Override
	public boolean authenticates(String authorization) {
		return this.http.get(this.base + "/api/user", authorization).ok();
	}

	@Override
	public String viewerToken(String admin, String account, String tokenName) {
		JsonNode found = this.http.get(this.base + "/api/serviceaccounts/search?query=" + account, admin).expectOk();
		long id = -1;
		for (JsonNode sa : found.path("serviceAccounts")) {
			if (account.equals(sa.path("name").asText())) {
				id = sa.path("id").asLong();
			}
		}
		if (id < 0) {
			id = this.http.post(this.base + "/api/serviceaccounts", admin, Map.of("name", account, "role", "Viewer"))
				.expectOk()
				.path("id")
				.asLong();
		}
		return this.http.post(this.base + "/api/serviceaccounts/" + id + "/tokens", admin, Map.of("name", tokenName))
			.expectOk()
			.path("key")
			.asText();
	}

	public static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	public static String bearer(String token) {
		return "Bearer " + token;
	}

}
