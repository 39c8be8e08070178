package org.homelab.rollout.gitlab;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The registry through API v4 ({@link GitlabHttp}) and through its own API v2, where
 * GitLab's token authentication applies: the engine's personal access token goes only to
 * GitLab's {@code /jwt/auth} (never to the registry, never to a realm on another host),
 * the short-lived registry token only to the registry; neither is kept or shown.
 */
final class GitlabRegistryTemplate implements GitlabRegistryOperations {

	/**
	 * The user name of the Basic credentials: GitLab takes any with a personal access
	 * token.
	 */
	static final String USER = "homelab-rollout";

	private static final String ACCEPT = String.join(", ", "application/vnd.oci.image.manifest.v1+json",
			"application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.v2+json",
			"application/vnd.docker.distribution.manifest.list.v2+json");

	private static final Pattern CHALLENGE = Pattern.compile("(\\w+)=\"([^\"]*)\"");

	private final GitlabHttp http;

	private final HttpUrl registry;

	GitlabRegistryTemplate(GitlabHttp http, HttpUrl registry) {
		this.http = http;
		this.registry = registry;
	}

	@Override
	public List<GitlabRegistryRepository> repositories(long projectId) {
		JsonNode repositories = this.http.get(Map.of("tags", "true"), "projects", Long.toString(projectId), "registry",
				"repositories");
		List<GitlabRegistryRepository> found = new ArrayList<>();
		for (JsonNode repository : repositories) {
			List<String> tags = new ArrayList<>();
			repository.path("tags").forEach(tag -> tags.add(tag.path("name").asText()));
			found.add(new GitlabRegistryRepository(repository.path("id").asLong(), repository.path("path").asText(),
					repository.path("location").asText(), List.copyOf(tags)));
		}
		return List.copyOf(found);
	}

	@Override
	public Optional<GitlabRegistryTag> tag(long projectId, long repositoryId, String tag) {
		try {
			JsonNode found = this.http.get(Map.of(), "projects", Long.toString(projectId), "registry", "repositories",
					Long.toString(repositoryId), "tags", tag);
			return Optional.of(new GitlabRegistryTag(found.path("name").asText(), found.path("location").asText(),
					found.path("digest").asText(), found.path("total_size").asLong()));
		}
		catch (GitlabApiException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public Optional<RegistryManifest> manifest(String path, String tag) {
		if (this.registry == null) {
			throw new GitlabException("GET /v2/" + path + "/manifests/" + tag,
					"No container registry address is configured for the GitLab client: give GitlabClients.create the"
							+ " registry's URL (https://registry.<domain>).",
					false, null);
		}
		HttpUrl.Builder url = this.registry.newBuilder().addPathSegment("v2");
		for (String segment : path.split("/")) {
			url.addPathSegment(segment);
		}
		HttpUrl manifest = url.addPathSegment("manifests").addPathSegment(tag).build();
		String call = "GET " + manifest.host() + manifest.encodedPath();
		Request request = new Request.Builder().url(manifest).header("Accept", ACCEPT).get().build();
		String challenge;
		try (Response first = this.http.client().newCall(request).execute()) {
			if (first.code() != 401) {
				return pulled(call, first, null);
			}
			challenge = first.header("WWW-Authenticate");
		}
		catch (IOException ex) {
			throw GitlabErrors.fromTransport(call, ex);
		}
		String bearer = registryToken(call, challenge, path);
		try (Response second = this.http.client()
			.newCall(request.newBuilder().header("Authorization", "Bearer " + bearer).build())
			.execute()) {
			return pulled(call, second, bearer);
		}
		catch (IOException ex) {
			throw GitlabErrors.fromTransport(call, ex);
		}
	}

	private Optional<RegistryManifest> pulled(String call, Response response, String bearer) throws IOException {
		byte[] body = response.body().bytes();
		if (response.code() == 404) {
			return Optional.empty();
		}
		if (response.code() == 401 || response.code() == 403) {
			throw new GitlabApiException(call,
					"The registry refused " + call + " (" + response.code() + ", "
							+ scrub(said(body, response.message()), bearer)
							+ ") with the token GitLab issued for pulling: the engine's GitLab token needs scope api or"
							+ " read_registry on the project; rotate it with those scopes (step rotate-gitlab-token).",
					response.code(), null, false);
		}
		if (!response.isSuccessful()) {
			throw GitlabErrors.fromStatus(call, response.code(), scrub(said(body, response.message()), bearer));
		}
		String digest = response.header("Docker-Content-Digest");
		String type = response.header("Content-Type");
		return Optional.of(new RegistryManifest((digest != null) ? digest : "sha256:" + sha256(body),
				(type != null) ? type.replaceFirst(";.*$", "").strip() : null, body.length));
	}

	/**
	 * A registry token from GitLab's {@code /jwt/auth} for the service the challenge
	 * names.
	 */
	private String registryToken(String call, String challenge, String path) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (challenge != null && challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
			Matcher matcher = CHALLENGE.matcher(challenge);
			while (matcher.find()) {
				parameters.put(matcher.group(1), matcher.group(2));
			}
		}
		HttpUrl realm = (parameters.get("realm") != null) ? HttpUrl.parse(parameters.get("realm")) : null;
		if (realm == null) {
			throw new GitlabException(call,
					"The registry answered " + call + " with 401 but no Bearer realm (" + challenge
							+ "): it is not GitLab's registry, or GitLab's registry auth is not set up"
							+ " (registry_external_url in gitlab.rb, gitlab-ctl reconfigure).",
					false, null);
		}
		// GitLab's token endpoint is always /jwt/auth of GitLab itself: asked at the
		// address
		// the engine knows GitLab by, whatever host the realm names (GitLab's
		// external_url,
		// which the engine may reach by the VM's address), so the engine's token never
		// goes
		// to a host the registry chose
		HttpUrl url = this.http.base()
			.newBuilder()
			.encodedPath("/jwt/auth")
			.addQueryParameter("service", parameters.getOrDefault("service", "container_registry"))
			.addQueryParameter("scope", "repository:" + path + ":pull")
			.build();
		String auth = "GET " + url.host() + url.encodedPath();
		String token = this.http.tokens().token();
		if (token == null || token.isBlank()) {
			throw new GitlabException(auth, "No GitLab token for " + auth
					+ ": the engine's token is missing from Vault; create it (gitlab-rails runner) and store it.",
					false, null);
		}
		Request request = new Request.Builder().url(url)
			.header("Authorization", Credentials.basic(USER, token))
			.header("Accept", "application/json")
			.get()
			.build();
		try (Response response = this.http.client().newCall(request).execute()) {
			byte[] body = response.body().bytes();
			if (!response.isSuccessful()) {
				throw GitlabErrors.fromStatus(auth, response.code(), scrub(said(body, response.message()), token));
			}
			JsonNode answer = GitlabHttp.JSON.readTree(body);
			String issued = answer.hasNonNull("token") ? answer.get("token").asText()
					: answer.path("access_token").asText(null);
			if (issued == null || issued.isBlank()) {
				throw new GitlabException(auth, "GitLab's " + auth + " answered without a token: check that the"
						+ " registry is enabled (registry_external_url in gitlab.rb).", false, null);
			}
			return issued;
		}
		catch (IOException ex) {
			GitlabException translated = GitlabErrors.fromTransport(auth, ex);
			throw new GitlabException(auth, scrub(translated.getMessage(), token), translated.isTransient(), null);
		}
	}

	/**
	 * The registry's or GitLab's error: {@code errors[0]}'s code and message, or GitLab's
	 * message.
	 */
	private static String said(byte[] body, String reason) {
		try {
			JsonNode node = GitlabHttp.JSON.readTree(body);
			JsonNode error = node.path("errors").path(0);
			if (error.isObject()) {
				return error.path("code").asText() + ": " + error.path("message").asText();
			}
			if (node.hasNonNull("message")) {
				return node.get("message").asText();
			}
		}
		catch (IOException ex) {
			// not JSON: the status line says enough
		}
		return reason;
	}

	private static String scrub(String text, String secret) {
		return (text == null || secret == null || secret.isEmpty()) ? text : text.replace(secret, "[token]");
	}

	private static String sha256(byte[] body) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
