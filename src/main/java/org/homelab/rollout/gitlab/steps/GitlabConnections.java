package org.homelab.rollout.gitlab.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import org.homelab.rollout.gitlab.GitlabClients;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabTokenSource;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.PlannedVm;

import org.springframework.stereotype.Component;

/**
 * The GitLab the steps talk to: the API client ({@link GitlabClients#create}, with the
 * token read from Vault at each call) and the two pages GitLab serves without a token,
 * {@code /-/readiness?all=1} (to clients in its monitoring allow-list) and
 * {@code /users/sign_in}. TLS as the client does it: verified against
 * {@code rollout.gitlab.ca-file} or the JVM's trust store.
 */
@Component
public class GitlabConnections {

	static final String VM = "gitlab-ce";

	/** {@code registry_nginx['listen_port']} of deploy/gitlab/gitlab.rb.template. */
	static final int REGISTRY_PORT = 5050;

	private static final ObjectMapper JSON = new ObjectMapper();

	private final OkHttpClient shared;

	private final GitlabStepProperties properties;

	private final Inventory inventory;

	private final GitlabTokenSource tokens;

	GitlabConnections(OkHttpClient shared, GitlabStepProperties properties, Inventory inventory,
			GitlabTokenSource tokens) {
		this.shared = shared;
		this.properties = properties;
		this.inventory = inventory;
		this.tokens = tokens;
	}

	/** What is found at a page: whether it is as wanted, and what was seen. */
	public record Page(boolean ok, String detail) {
	}

	/**
	 * {@code rollout.gitlab.url}, else {@code http://<address of the gitlab-ce VM>}.
	 */
	public String defaultUrl() {
		if (this.properties.url() != null && !this.properties.url().isBlank()) {
			return this.properties.url().replaceFirst("/$", "");
		}
		String address = this.inventory.vm(VM)
			.map(PlannedVm::address)
			.orElseThrow(() -> new IllegalStateException("The inventory plans no VM '" + VM
					+ "' (inventory.vms): add it with its address, or set rollout.gitlab.url."));
		return "http://" + address;
	}

	/**
	 * The API client for GitLab at {@code url}; the token comes from Vault at each call.
	 */
	public GitlabOperations operations(String url) {
		HttpUrl gitlab = HttpUrl.get(url);
		return GitlabClients.create(this.shared, gitlab, registryUrl(gitlab), this.properties.caFile(),
				this.properties.timeout(), this.tokens);
	}

	/**
	 * {@code rollout.gitlab.registry-url}; else {@code registry.<domain>} beside
	 * {@code gitlab.<domain>}; else the registry's nginx on the VM GitLab runs on.
	 */
	HttpUrl registryUrl(HttpUrl gitlab) {
		if (this.properties.registryUrl() != null && !this.properties.registryUrl().isBlank()) {
			return HttpUrl.get(this.properties.registryUrl());
		}
		if (gitlab.host().startsWith("gitlab.")) {
			return new HttpUrl.Builder().scheme(gitlab.scheme())
				.host("registry." + gitlab.host().substring("gitlab.".length()))
				.port(gitlab.port())
				.build();
		}
		return new HttpUrl.Builder().scheme("http").host(gitlab.host()).port(REGISTRY_PORT).build();
	}

	/** {@code GET /-/readiness?all=1}: ok when GitLab and every check say "ok". */
	public Page readiness(String url) {
		HttpUrl readiness = HttpUrl.get(url)
			.newBuilder()
			.addPathSegments("-/readiness")
			.addQueryParameter("all", "1")
			.build();
		try (Response response = http().newCall(new Request.Builder().url(readiness).build()).execute()) {
			String body = (response.body() != null) ? response.body().string() : "";
			if (response.code() == 404) {
				return new Page(false, "404 from " + readiness
						+ ": the engine's address is not in GitLab's monitoring allow-list (gitlab_rails['monitoring_whitelist'])");
			}
			JsonNode json = body.startsWith("{") ? JSON.readTree(body) : JSON.createObjectNode();
			String status = json.path("status").asText("");
			return new Page(response.code() == 200 && "ok".equals(status),
					"readiness " + response.code() + " status " + (status.isEmpty() ? "(none)" : status));
		}
		catch (IOException ex) {
			return new Page(false, readiness + " did not answer (" + ex.getMessage() + ")");
		}
	}

	/** {@code GET /users/sign_in}: ok when GitLab serves its sign-in page (HTML, 200). */
	Page signIn(String url) {
		HttpUrl page = HttpUrl.get(url).newBuilder().addPathSegments("users/sign_in").build();
		try (Response response = http().newCall(new Request.Builder().url(page).build()).execute()) {
			String type = response.header("Content-Type", "");
			boolean html = type.startsWith("text/html");
			return new Page(response.code() == 200 && html, "sign-in page " + response.code() + " " + type);
		}
		catch (IOException ex) {
			return new Page(false, page + " did not answer (" + ex.getMessage() + ")");
		}
	}

	private OkHttpClient http() {
		OkHttpClient.Builder builder = this.shared.newBuilder()
			.connectTimeout(this.properties.timeout())
			.readTimeout(this.properties.timeout())
			.followRedirects(false);
		Path caFile = this.properties.caFile();
		if (caFile != null) {
			try {
				HandshakeCertificates trust = new HandshakeCertificates.Builder()
					.addTrustedCertificate(Certificates.decodeCertificatePem(Files.readString(caFile)))
					.build();
				builder.sslSocketFactory(trust.sslSocketFactory(), trust.trustManager());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(
						"cannot read the CA file for GitLab " + caFile + " (rollout.gitlab.ca-file)", ex);
			}
		}
		return builder.build();
	}

}
