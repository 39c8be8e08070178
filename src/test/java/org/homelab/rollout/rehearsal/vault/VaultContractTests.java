package org.homelab.rollout.rehearsal.vault;

import java.util.List;

import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests are checked against the published Vault contract and answered as Vault answers
 * them.
 */
class VaultContractTests {

	private final RequestJournal journal = new RequestJournal();

	private final VaultLab lab = new VaultLab(FaultInjector.none(), this.journal);

	private VaultClient client;

	private String root;

	@BeforeEach
	void start() {
		this.lab.start();
		this.client = new VaultClient(this.lab.url());
		this.root = this.client.initAndUnseal();
		this.client.post("sys/mounts/homelab", this.root, "{\"type\":\"kv-v2\"}");
	}

	@AfterEach
	void stop() {
		this.lab.close();
	}

	@Test
	void contractIsLoadedFromTheSharedDirectory() {
		Contract.VAULT.require("the lab checking Vault requests against its OpenAPI document is");
		assertThat(this.lab.contractLoaded()).isTrue();
	}

	@Test
	void wellFormedRequestIsAcceptedAndJournalledOk() {
		Contract.VAULT.require("the lab checking Vault requests against its OpenAPI document is");
		VaultClient.Answer answer = this.client.post("homelab/data/apps/x", this.root, "{\"data\":{\"k\":\"v\"}}");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().path("data").path("version").asInt()).isEqualTo(1);
		assertThat(this.journal.entries("vault")).last()
			.satisfies(e -> assertThat(e.path()).isEqualTo("/v1/homelab/data/apps/x"))
			.satisfies(e -> assertThat(e.verdict()).isEqualTo("ok"));
		assertThat(this.journal.violations()).isEmpty();
	}

	@Test
	void unknownPathOnAMountIsUnsupportedPath() {
		Contract.VAULT.require("the lab checking Vault requests against its OpenAPI document is");
		VaultClient.Answer answer = this.client.get("homelab/nonsense/x", this.root);
		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.error()).isEqualTo("1 error occurred:\n\t* unsupported path\n\n");
		assertThat(this.journal.violations()).singleElement()
			.satisfies(e -> assertThat(e.verdict()).isEqualTo("unsupported path"));
	}

	@Test
	void pathWithoutMountHasNoHandler() {
		VaultClient.Answer answer = this.client.get("nowhere/x", this.root);
		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.error()).contains("no handler for route");
	}

	@Test
	void wrongMethodIsUnsupportedOperation() {
		Contract.VAULT.require("the lab checking Vault requests against its OpenAPI document is");
		VaultClient.Answer deleteHealth = this.client.call("DELETE", "sys/health", this.root, null);
		assertThat(deleteHealth.status()).isEqualTo(405);
		assertThat(deleteHealth.error()).isEqualTo("1 error occurred:\n\t* unsupported operation\n\n");
		VaultClient.Answer listData = this.client.call("LIST", "homelab/data/apps", this.root, null);
		assertThat(listData.status()).isEqualTo(405);
	}

	@Test
	void illTypedFieldIsRefusedWith400() {
		Contract.VAULT.require("the lab checking Vault requests against its OpenAPI document is");
		VaultClient.Answer answer = this.client.post("auth/token/create", this.root, "{\"num_uses\":\"many\"}");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.error()).startsWith("error converting input many for field \"num_uses\"")
			.contains("cannot parse 'many' as int");
		VaultClient.Answer policies = this.client.post("auth/token/create", this.root, "{\"policies\":{\"a\":1}}");
		assertThat(policies.status()).isEqualTo(400);
	}

	@Test
	void unparsableJsonIsRefusedBeforeRouting() {
		VaultClient.Answer answer = this.client.post("homelab/data/x", this.root, "{\"data\":");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.error()).startsWith("failed to parse JSON input");
		assertThat(this.client.post("homelab/data/x", this.root, "[1]").status()).isEqualTo(400);
	}

	@Test
	void weaklyTypedFieldsConvertAsInVault() {
		VaultClient.Answer answer = this.client.post("auth/token/create", this.root,
				"{\"policies\":\"default\",\"num_uses\":\"3\",\"renewable\":\"true\",\"ttl\":600}");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body().path("auth").path("num_uses").asInt()).isEqualTo(3);
		assertThat(answer.body().path("auth").path("lease_duration").asInt()).isEqualTo(600);
	}

	@Test
	void requestWithoutTokenIsDenied() {
		VaultClient.Answer answer = this.client.get("sys/mounts", null);
		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.body().path("errors").toString()).isEqualTo("[\"permission denied\"]");
		assertThat(this.client.get("sys/mounts", "hvs.unknownunknownunknown00").status()).isEqualTo(403);
	}

	@Test
	void bearerTokenIsAcceptedLikeTheVaultHeader() {
		okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
		okhttp3.Request request = new okhttp3.Request.Builder().url(this.lab.url() + "/v1/auth/token/lookup-self")
			.header("Authorization", "Bearer " + this.root)
			.build();
		try (okhttp3.Response response = http.newCall(request).execute()) {
			assertThat(response.code()).isEqualTo(200);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void sealedVaultAnswers503ButStillReportsItsStatus() {
		assertThat(this.client.post("sys/seal", this.root, null).status()).isEqualTo(204);
		VaultClient.Answer answer = this.client.get("homelab/data/apps/x", this.root);
		assertThat(answer.status()).isEqualTo(503);
		assertThat(answer.error()).isEqualTo("Vault is sealed");
		assertThat(this.client.get("sys/seal-status", null).body().path("sealed").asBoolean()).isTrue();
		assertThat(this.client.get("sys/health", null).status()).isEqualTo(503);
		assertThat(this.client.get("sys/health?sealedcode=200", null).status()).isEqualTo(200);
	}

	@Test
	void uninitialisedVaultRefusesUnsealAndReports501Health() {
		this.lab.reset();
		assertThat(this.client.get("sys/health", null).status()).isEqualTo(501);
		assertThat(this.client.get("sys/health?uninitcode=204", null).status()).isEqualTo(204);
		VaultClient.Answer unseal = this.client.post("sys/unseal", null, "{\"key\":\"abcd\"}");
		assertThat(unseal.status()).isEqualTo(400);
		assertThat(unseal.error()).isEqualTo("Vault is not initialized");
	}

	@Test
	void tokenLackingACapabilityIsDeniedAndOneHavingItSucceeds() {
		this.client.post("sys/policies/acl/writer", this.root,
				"{\"policy\":\"path \\\"homelab/data/apps/*\\\" {\\n  capabilities = [\\\"create\\\", \\\"read\\\"]\\n}\"}");
		this.client.post("sys/policies/acl/reader", this.root,
				"{\"policy\":\"path \\\"homelab/data/apps/*\\\" {\\n  capabilities = [\\\"read\\\"]\\n}\"}");
		String writer = token(List.of("writer"));
		String reader = token(List.of("reader"));
		VaultClient.Answer denied = this.client.post("homelab/data/apps/db", reader, "{\"data\":{\"p\":\"1\"}}");
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.error()).contains("permission denied");
		assertThat(this.client.post("homelab/data/apps/db", writer, "{\"data\":{\"p\":\"1\"}}").status())
			.isEqualTo(200);
		// create but not update: a second write to the same secret needs "update"
		assertThat(this.client.post("homelab/data/apps/db", writer, "{\"data\":{\"p\":\"2\"}}").status())
			.isEqualTo(403);
		assertThat(this.client.get("homelab/data/apps/db", reader).status()).isEqualTo(200);
		assertThat(this.client.get("homelab/data/other", reader).status()).isEqualTo(403);
	}

	@Test
	void capabilitiesSelfTellsWhatTheTokenMayDo() {
		this.client.post("sys/policies/acl/reader", this.root,
				"{\"policy\":\"path \\\"homelab/data/*\\\" { capabilities = [\\\"read\\\", \\\"list\\\"] }\"}");
		String reader = token(List.of("reader"));
		VaultClient.Answer own = this.client.post("sys/capabilities-self", reader,
				"{\"paths\":[\"homelab/data/app\",\"sys/mounts\"]}");
		assertThat(own.status()).isEqualTo(200);
		assertThat(own.body().at("/data/homelab~1data~1app").toString()).isEqualTo("[\"list\",\"read\"]");
		assertThat(own.body().at("/data/sys~1mounts").toString()).isEqualTo("[\"deny\"]");
		VaultClient.Answer root = this.client.post("sys/capabilities", this.root,
				"{\"token\":\"" + this.root + "\",\"path\":\"anything\"}");
		assertThat(root.body().at("/data/capabilities").toString()).isEqualTo("[\"root\"]");
		assertThat(this.journal.violations()).isEmpty();
	}

	@Test
	void sudoPathsNeedSudoCapability() {
		this.client.post("sys/policies/acl/ops", this.root,
				"{\"policy\":\"path \\\"sys/*\\\" { capabilities = [\\\"update\\\", \\\"read\\\"] }\"}");
		String ops = token(List.of("ops"));
		assertThat(this.client.post("sys/seal", ops, null).status()).isEqualTo(403);
		assertThat(this.client.post("sys/auth/kubernetes", ops, "{\"type\":\"kubernetes\"}").status()).isEqualTo(403);
		assertThat(this.client.get("sys/mounts", ops).status()).isEqualTo(200);
	}

	@Test
	void listingWorksWithMethodListAndWithQueryParameter() {
		this.client.post("sys/policies/acl/one", this.root,
				"{\"policy\":\"path \\\"a/*\\\" { capabilities = [\\\"read\\\"] }\"}");
		VaultClient.Answer byMethod = this.client.call("LIST", "sys/policies/acl", this.root, null);
		VaultClient.Answer byQuery = this.client.get("sys/policies/acl?list=true", this.root);
		assertThat(byMethod.status()).isEqualTo(200);
		assertThat(byMethod.body().path("data").path("keys").toString()).isEqualTo("[\"default\",\"one\",\"root\"]");
		assertThat(byQuery.body().path("data").path("keys")).isEqualTo(byMethod.body().path("data").path("keys"));
	}

	@Test
	void malformedPolicyIsRefused() {
		VaultClient.Answer answer = this.client.post("sys/policies/acl/bad", this.root,
				"{\"policy\":\"path \\\"a/*\\\" { capabilities = [\\\"fly\\\"] }\"}");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.error()).contains("invalid capability \"fly\"");
	}

	@Test
	void childTokenCannotGainPoliciesItsParentLacks() {
		this.client.post("sys/policies/acl/reader", this.root,
				"{\"policy\":\"path \\\"auth/token/create\\\" { capabilities = [\\\"update\\\"] }\"}");
		String reader = token(List.of("reader"));
		VaultClient.Answer escalation = this.client.post("auth/token/create", reader, "{\"policies\":[\"root\"]}");
		assertThat(escalation.status()).isEqualTo(400);
		assertThat(escalation.error()).isEqualTo("child policies must be subset of parent");
		assertThat(this.client.post("auth/token/create", reader, "{}").status()).isEqualTo(200);
	}

	@Test
	void onlyRootChoosesATokenId() {
		VaultClient.Answer chosen = this.client.post("auth/token/create", this.root,
				"{\"id\":\"hvs.chosenbyroot000000000000\"}");
		assertThat(chosen.body().at("/auth/client_token").asText()).isEqualTo("hvs.chosenbyroot000000000000");
		assertThat(
				this.client.post("auth/token/create", this.root, "{\"id\":\"hvs.chosenbyroot000000000000\"}").status())
			.isEqualTo(400);
		this.client.post("sys/policies/acl/creator", this.root,
				"{\"policy\":\"path \\\"auth/token/create\\\" { capabilities = [\\\"update\\\"] }\"}");
		VaultClient.Answer refused = this.client.post("auth/token/create", token(List.of("creator")),
				"{\"id\":\"mine\"}");
		assertThat(refused.error()).isEqualTo("root or sudo privileges required to specify token id");
	}

	@Test
	void revokingAParentRevokesItsChildren() {
		String parent = token(List.of("default"));
		this.client.post("sys/policies/acl/default", this.root,
				"{\"policy\":\"path \\\"auth/token/*\\\" { capabilities = [\\\"update\\\", \\\"read\\\"] }\"}");
		String child = this.client.post("auth/token/create", parent, "{}")
			.body()
			.path("auth")
			.path("client_token")
			.asText();
		assertThat(this.client.get("auth/token/lookup-self", child).status()).isEqualTo(200);
		assertThat(this.client.post("auth/token/revoke", this.root, "{\"token\":\"" + parent + "\"}").status())
			.isEqualTo(204);
		assertThat(this.client.get("auth/token/lookup-self", child).status()).isEqualTo(403);
	}

	private String token(List<String> policies) {
		String json = "{\"policies\":[\"" + String.join("\",\"", policies) + "\"]}";
		return this.client.post("auth/token/create", this.root, json).body().path("auth").path("client_token").asText();
	}

}
