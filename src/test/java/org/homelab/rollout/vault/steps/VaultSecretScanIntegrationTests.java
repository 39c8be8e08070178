package org.homelab.rollout.vault.steps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.eso.EsoConnection;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.support.SecretScan;
import org.homelab.rollout.vault.BootstrapSecrets;
import org.homelab.rollout.vault.EngineRestart;
import org.homelab.rollout.vault.InitResult;
import org.homelab.rollout.vault.IssuedTls;
import org.homelab.rollout.vault.SealState;
import org.homelab.rollout.vault.SecretGenerator;
import org.homelab.rollout.vault.VaultConfigurationCheck;
import org.homelab.rollout.vault.VaultConnections;
import org.homelab.rollout.vault.VaultLabFixture;
import org.homelab.rollout.vault.VaultProperties;
import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultTlsIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;

/**
 * After a full Vault run driven over REST, with generated secrets, no secret value (a
 * share, in base64 or hex, the root token, the engine token, a generated password or
 * token) is in any ACT_* table, in the log, or in a REST answer. The test captures the
 * values where they are made (spies on the init call and the generator).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "rollout.vault.state-dir=target/vault-it/${random.uuid}", "rollout.waits.initial-backoff=20ms",
				"rollout.waits.max-backoff=200ms" })
@ActiveProfiles({ "rehearsal", "test" })
@ExtendWith(OutputCaptureExtension.class)
class VaultSecretScanIntegrationTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	Path dir;

	@MockitoSpyBean
	VaultSeal seal;

	@MockitoSpyBean
	SecretGenerator generator;

	@MockitoSpyBean
	VaultConfigurationCheck check;

	@MockitoSpyBean
	VaultTlsIssuer issuer;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	VaultProperties properties;

	@Autowired
	RehearsalLab lab;

	@Autowired
	BootstrapSecrets secrets;

	@Autowired
	VaultConnections connections;

	@Autowired
	ProcessEngine engine;

	@LocalServerPort
	int port;

	private final AtomicReference<InitResult> init = new AtomicReference<>();

	private final List<String> generated = new CopyOnWriteArrayList<>();

	private final List<String> answers = new ArrayList<>();

	private final HttpClient http = HttpClient.newHttpClient();

	private VaultLabFixture vault;

	@BeforeEach
	void capture() {
		this.vault = new VaultLabFixture(this.dir);
		doAnswer(invocation -> {
			InitResult result = (InitResult) invocation.callRealMethod();
			this.init.set(result);
			return result;
		}).when(this.seal).initialize(any(), anyInt(), anyInt(), anyList());
		doAnswer(invocation -> {
			String value = (String) invocation.callRealMethod();
			this.generated.add(value);
			return value;
		}).when(this.generator).generate(any());
	}

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void noSecretValueReachesTheEngineTablesTheLogOrTheRestApi(CapturedOutput output) throws Exception {
		String setup = start("vault-setup", Map.of());
		String task = awaitTask(setup);
		this.answers.add(get("/task/" + task + "/form-variables"));
		this.answers.add(get("/task/" + task + "/variables"));
		this.answers.add(get("/process-instance/" + setup + "/variables"));
		Path sharesFile = Path.of(variable(setup, VaultVariables.SHARES_FILE));
		Files.delete(sharesFile);
		this.answers
			.add(post("/task/" + task + "/complete", "{\"variables\":{\"vaultSharesMovedOffline\":{\"value\":true}}}"));
		awaitEnded(setup);
		List<String> runs = new ArrayList<>(List.of(setup));
		runs.add(generate("gitlab-ce", "root-password", "PASSWORD"));
		runs.add(generate("argocd", "admin-token", "TOKEN"));
		runs.add(generate("gitlab-ce", "root-password", "PASSWORD"));
		for (String run : runs) {
			answersAbout(run);
		}
		LogFactory.getLog(getClass()).info("scan marker: the log is captured");

		Map<String, String> secrets = secrets();
		assertThat(secrets).hasSizeGreaterThanOrEqualTo(5 * 2 + 2 + 2);
		assertThat(this.answers).as("REST answers are read").anyMatch(a -> a.contains(VaultVariables.SHARES_FILE));
		assertThat(SecretScan.tables(this.jdbc)).as("ACT_* tables are read")
			.anyMatch(row -> row.contains(sharesFile.toString()));
		assertThat(output.getAll()).contains("scan marker");

		assertThat(SecretScan.findings(secrets, SecretScan.tables(this.jdbc))).as("in ACT_* tables").isEmpty();
		assertThat(SecretScan.findings(secrets, List.of(output.getAll()))).as("in the log").isEmpty();
		assertThat(SecretScan.findings(secrets, this.answers)).as("in REST answers").isEmpty();
	}

	/**
	 * The engine restarts once it has unsealed Vault and the shares file is already gone:
	 * the holders generate root through their task. Neither the generated root token nor
	 * the OTP reaches the engine's tables, log or REST answers (the Encoded Token the
	 * form takes is neither: it is the root token XOR the OTP, revoked by then).
	 */
	@Test
	void rootGeneratedAgainAfterARestartReachesNoTableLogOrRestAnswer(CapturedOutput output) throws Exception {
		doAnswer(invocation -> {
			SealState state = (SealState) invocation.callRealMethod();
			if (!state.sealed()) {
				EngineRestart.forgetHeldSecrets(this.secrets, this.vault.target());
				try (DirectoryStream<Path> files = Files.newDirectoryStream(this.properties.stateDir(),
						"unseal-shares-*.txt")) {
					for (Path file : files) {
						Files.delete(file);
					}
				}
			}
			return state;
		}).when(this.seal).unseal(any(), any());
		String setup = start("vault-setup", Map.of());
		String task = awaitTask(setup);
		this.answers.add(get("/task/" + task + "/form-variables"));
		this.answers.add(get("/task/" + task + "/variables"));
		String nonce = variable(setup, VaultVariables.ROOT_GENERATION_NONCE);
		String otp = Files.readString(this.properties.stateDir().resolve("root-generation-" + nonce + ".otp")).trim();
		Map<String, Object> last = Map.of();
		for (String share : this.init.get().shares().subList(0, 3)) {
			last = giveShare(share, nonce);
		}
		byte[] root = Base64.getDecoder().decode((String) last.get("encoded_token"));
		byte[] pad = otp.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < root.length; i++) {
			root[i] ^= pad[i];
		}
		this.answers.add(post("/task/" + task + "/submit-form", "{\"variables\":{\"" + VaultVariables.ENCODED_ROOT_TOKEN
				+ "\":{\"value\":\"" + last.get("encoded_token") + "\"}}}"));
		String move = awaitTask(setup);
		this.answers
			.add(post("/task/" + move + "/complete", "{\"variables\":{\"vaultSharesMovedOffline\":{\"value\":true}}}"));
		awaitEnded(setup);
		answersAbout(setup);
		LogFactory.getLog(getClass()).info("scan marker: the log is captured");

		Map<String, String> secrets = secrets();
		secrets.put("generated root token", new String(root, StandardCharsets.UTF_8));
		secrets.put("root generation OTP", otp);
		// entered by the last holder: it leaves the process as the task completes and
		// never
		// reaches history
		secrets.put("Encoded Token", (String) last.get("encoded_token"));
		assertThat(this.vault.lab().validRootTokens()).isZero();
		assertThat(this.answers).as("REST answers are read").anyMatch(a -> a.contains(nonce));
		assertThat(output.getAll()).contains("scan marker");

		assertThat(SecretScan.findings(secrets, SecretScan.tables(this.jdbc))).as("in ACT_* tables").isEmpty();
		assertThat(SecretScan.findings(secrets, List.of(output.getAll()))).as("in the log").isEmpty();
		assertThat(SecretScan.findings(secrets, this.answers)).as("in REST answers").isEmpty();
	}

	/** A share holder's 'vault operator generate-root -nonce=...': Vault's answer. */
	@SuppressWarnings("unchecked")
	private Map<String, Object> giveShare(String share, String nonce) {
		return this.connections.anonymous(this.vault.target())
			.doWithVault(rest -> rest.postForObject("sys/generate-root/update", Map.of("key", share, "nonce", nonce),
					Map.class));
	}

	/**
	 * The whole of Phase 1.2 on the embedded lab: vault-install writes Vault's TLS key
	 * into the VM, eso-connect makes a proof value travel from Vault to a Secret.
	 * Neither, nor the shares and tokens, reaches the engine.
	 */
	@Test
	void neitherTheTlsKeyNorTheEsoProofValueReachesTheEngine(CapturedOutput output) throws Exception {
		AtomicReference<IssuedTls> tls = new AtomicReference<>();
		doAnswer(invocation -> {
			IssuedTls issued = (IssuedTls) invocation.callRealMethod();
			tls.set(issued);
			return issued;
		}).when(this.issuer).issue(any(), any(), any(String[].class));
		this.lab.reset();
		try {
			VaultChain chain = new VaultChain(this.engine);
			Map<String, Object> installed = chain.installVault("scan-chain");
			chain.setUpVault("scan-chain", installed);
			chain.installEsoRelease("scan-chain");
			chain.connectEso("scan-chain", installed);
			for (String run : chain.runs().instances("scan-chain")) {
				answersAbout(run);
			}
			LogFactory.getLog(getClass()).info("scan marker: the log is captured");

			Map<String, String> secrets = secrets();
			String key = tls.get().privateKeyPem();
			secrets.put("TLS private key (PEM)", key);
			secrets.put("TLS private key (first base64 line)", key.lines().skip(1).findFirst().orElseThrow());
			assertThat(this.generated).as("the ESO proof value, generated into Vault").hasSize(1);
			assertThat(this.lab.kubernetes()
				.client()
				.secrets()
				.inNamespace("external-secrets")
				.withName(EsoConnection.PROOF)
				.get()
				.getData()).containsKey(EsoConnection.PROOF_KEY);
			assertThat(SecretScan.tables(this.jdbc)).as("ACT_* tables are read")
				.anyMatch(row -> row.contains("install-vault"));

			assertThat(SecretScan.findings(secrets, SecretScan.tables(this.jdbc))).as("in ACT_* tables").isEmpty();
			assertThat(SecretScan.findings(secrets, List.of(output.getAll()))).as("in the log").isEmpty();
			assertThat(SecretScan.findings(secrets, this.answers)).as("in REST answers").isEmpty();
			assertThat(this.lab.journal().violations()).isEmpty();
		}
		finally {
			this.lab.reset();
		}
	}

	/**
	 * Every value, by a name saying what it is (never the value itself, which would print
	 * it on failure).
	 */
	private Map<String, String> secrets() throws Exception {
		Map<String, String> secrets = new LinkedHashMap<>();
		List<String> shares = this.init.get().shares();
		for (int i = 0; i < shares.size(); i++) {
			secrets.put("share " + i + " (base64)", shares.get(i));
			secrets.put("share " + i + " (hex)", HexFormat.of().formatHex(Base64.getDecoder().decode(shares.get(i))));
		}
		secrets.put("root token", this.init.get().rootToken());
		secrets.put("engine token", Files.readString(this.properties.engineTokenFile()).trim());
		for (int i = 0; i < this.generated.size(); i++) {
			secrets.put("generated secret " + i, this.generated.get(i));
		}
		return secrets;
	}

	private String generate(String service, String name, String kind) throws Exception {
		String run = start("vault-generate-secret", Map.of(VaultVariables.SECRET_SERVICE, service,
				VaultVariables.SECRET_NAME, name, VaultVariables.SECRET_KIND, kind));
		awaitEnded(run);
		assertThat(variable(run, VaultVariables.SECRET_PATH)).isEqualTo("homelab/services/" + service + "/" + name);
		return run;
	}

	private void answersAbout(String run) throws Exception {
		for (String path : SecretScan.historyPaths(run)) {
			this.answers.add(get(path));
		}
	}

	private String start(String key, Map<String, String> more) throws Exception {
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put(VaultVariables.ADDRESS, Map.of("value", this.vault.target().address().toString()));
		variables.put(VaultVariables.CA_FILE, Map.of("value", this.vault.caFile().toString()));
		more.forEach((name, value) -> variables.put(name, Map.of("value", value)));
		String answer = post("/process-definition/key/" + key + "/start",
				JSON.writeValueAsString(Map.of("businessKey", "scan", "variables", variables)));
		return JSON.readTree(answer).path("id").asText();
	}

	private String awaitTask(String run) {
		AtomicReference<String> id = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			JsonNode tasks = JSON.readTree(get("/task?processInstanceId=" + run));
			noIncidents(run);
			if (tasks.size() == 1) {
				id.set(tasks.get(0).path("id").asText());
			}
			return id.get() != null;
		});
		return id.get();
	}

	private void awaitEnded(String run) {
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			noIncidents(run);
			return "COMPLETED".equals(JSON.readTree(get("/history/process-instance/" + run)).path("state").asText());
		});
	}

	private void noIncidents(String run) throws Exception {
		assertThat(JSON.readTree(get("/incident?processInstanceId=" + run))).as("incidents").isEmpty();
	}

	private String variable(String run, String name) throws Exception {
		JsonNode variables = JSON
			.readTree(get("/history/variable-instance?processInstanceId=" + run + "&variableName=" + name));
		return variables.get(0).path("value").asText();
	}

	private String get(String path) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	private String post(String path, String json) throws Exception {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	private String send(HttpRequest.Builder request) throws Exception {
		String basic = Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> answer = this.http.send(request.header("Authorization", "Basic " + basic).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as(answer.body()).isLessThan(300);
		this.answers.add(answer.body());
		return answer.body();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + "/engine-rest" + path);
	}

}
