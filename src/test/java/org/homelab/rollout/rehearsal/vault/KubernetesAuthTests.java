package org.homelab.rollout.rehearsal.vault;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kubernetes auth method: config, roles, and logins of bound service accounts. */
class KubernetesAuthTests {

	private final RequestJournal journal = new RequestJournal();

	private final VaultLab lab = new VaultLab(FaultInjector.none(), this.journal);

	private VaultClient client;

	private String root;

	@BeforeEach
	void start() {
		this.lab.start();
		this.client = new VaultClient(this.lab.url());
		this.root = this.client.initAndUnseal();
		assertThat(this.client.post("sys/auth/k3s", this.root, "{\"type\":\"kubernetes\"}").status()).isEqualTo(204);
		assertThat(this.client.post("auth/k3s/config", this.root,
				"{\"kubernetes_host\":\"https://10.0.0.10:6443\",\"kubernetes_ca_cert\":\"PEM\",\"token_reviewer_jwt\":\"secret\"}")
			.status()).isEqualTo(204);
	}

	@AfterEach
	void stop() {
		this.lab.close();
	}

	@Test
	void configIsReadBackWithoutTheReviewerToken() {
		VaultClient.Answer config = this.client.get("auth/k3s/config", this.root);
		assertThat(config.body().path("data").path("kubernetes_host").asText()).isEqualTo("https://10.0.0.10:6443");
		assertThat(config.body().path("data").has("token_reviewer_jwt")).isFalse();
		assertThat(this.lab.authMounts()).containsEntry("k3s/", "kubernetes").containsEntry("token/", "token");
	}

	@Test
	void rolesAreWrittenReadListedAndDeleted() {
		assertThat(writeRole("eso").status()).isEqualTo(204);
		VaultClient.Answer role = this.client.get("auth/k3s/role/eso", this.root);
		assertThat(role.body().path("data").path("bound_service_account_names").toString())
			.isEqualTo("[\"external-secrets\"]");
		assertThat(role.body().path("data").path("token_ttl").asLong()).isEqualTo(3600);
		assertThat(
				this.client.call("LIST", "auth/k3s/role", this.root, null).body().path("data").path("keys").toString())
			.isEqualTo("[\"eso\"]");
		assertThat(this.client.call("DELETE", "auth/k3s/role/eso", this.root, null).status()).isEqualTo(204);
		assertThat(this.client.get("auth/k3s/role/eso", this.root).status()).isEqualTo(404);
		assertThat(this.journal.violations()).isEmpty();
	}

	@Test
	void roleWithoutBoundNamesIsRefused() {
		VaultClient.Answer answer = this.client.post("auth/k3s/role/bad", this.root,
				"{\"bound_service_account_namespaces\":[\"x\"]}");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.error()).isEqualTo("\"bound_service_account_names\" can not be empty");
	}

	@Test
	void boundServiceAccountLogsInAndGetsTheRolePolicies() {
		writeRole("eso");
		VaultClient.Answer login = this.client.post("auth/k3s/login", null,
				"{\"role\":\"eso\",\"jwt\":\"" + jwt("external-secrets", "external-secrets") + "\"}");
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.body().path("auth").path("policies").toString()).isEqualTo("[\"default\",\"eso-read\"]");
		String token = login.body().path("auth").path("client_token").asText();
		assertThat(this.client.get("auth/token/lookup-self", token).status()).isEqualTo(200);
	}

	@Test
	void serviceAccountOutsideTheBoundNamespaceIsRefused() {
		writeRole("eso");
		VaultClient.Answer login = this.client.post("auth/k3s/login", null,
				"{\"role\":\"eso\",\"jwt\":\"" + jwt("external-secrets", "default") + "\"}");
		assertThat(login.status()).isEqualTo(403);
		assertThat(login.error()).isEqualTo("namespace not authorized");
		assertThat(this.client.post("auth/k3s/login", null, "{\"role\":\"nope\",\"jwt\":\"a.b.c\"}").error())
			.isEqualTo("invalid role name \"nope\"");
	}

	private VaultClient.Answer writeRole(String name) {
		return this.client.post("auth/k3s/role/" + name, this.root,
				"{\"bound_service_account_names\":\"external-secrets\",\"bound_service_account_namespaces\":[\"external-secrets\"],"
						+ "\"policies\":[\"eso-read\"],\"ttl\":\"1h\"}");
	}

	/**
	 * A projected service account token's shape; the lab does not check the signature.
	 */
	private static String jwt(String account, String namespace) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String claims = "{\"iss\":\"https://kubernetes.default.svc\",\"sub\":\"system:serviceaccount:" + namespace + ":"
				+ account + "\",\"kubernetes.io\":{\"namespace\":\"" + namespace + "\",\"serviceaccount\":{\"name\":\""
				+ account + "\",\"uid\":\"1\"}}}";
		return encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
	}

}
