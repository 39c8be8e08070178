package org.homelab.rollout.phases;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.LogFactory;
import org.homelab.rollout.monitoring.MonitoringProperties;
import org.homelab.rollout.support.SecretScan;
import org.homelab.rollout.vault.InitResult;
import org.homelab.rollout.vault.IssuedTls;
import org.homelab.rollout.vault.SecretGenerator;
import org.homelab.rollout.vault.VaultProperties;
import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultTlsIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;

/**
 * The whole of Phase 1 on the lab, approved: no secret it made (Vault's shares, root and
 * engine tokens, Vault's TLS key, Grafana's admin password, the ESO proof value,
 * Prometheus' service account token, Grafana's viewer token) is in any ACT_* table, in
 * the log or in a REST answer about any of its runs. Values are caught where they are
 * made.
 */
@ExtendWith(OutputCaptureExtension.class)
class Phase1SecretScanIntegrationTests extends Phase1Context {

	@MockitoSpyBean
	VaultSeal seal;

	@MockitoSpyBean
	SecretGenerator generator;

	@MockitoSpyBean
	VaultTlsIssuer issuer;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	VaultProperties vault;

	@Autowired
	MonitoringProperties monitoring;

	private final AtomicReference<InitResult> init = new AtomicReference<>();

	private final AtomicReference<IssuedTls> tls = new AtomicReference<>();

	private final List<String> generated = new CopyOnWriteArrayList<>();

	@BeforeEach
	void capture() {
		doAnswer(call -> remember(this.init, (InitResult) call.callRealMethod())).when(this.seal)
			.initialize(any(), anyInt(), anyInt(), anyList());
		doAnswer(call -> remember(this.tls, (IssuedTls) call.callRealMethod())).when(this.issuer)
			.issue(any(), any(), any(String[].class));
		doAnswer(call -> {
			String value = (String) call.callRealMethod();
			this.generated.add(value);
			return value;
		}).when(this.generator).generate(any());
	}

	@Test
	void noSecretOfPhase1ReachesTheEngineTablesTheLogOrTheRestApi(CapturedOutput output) throws Exception {
		String phase = this.phase1.start("phase-1-scan");
		this.phase1.decide(this.phase1.awaitGate(phase), "approve");
		assertThat(this.phase1.awaitEnd(phase)).isEqualTo("phase-1-done");
		List<String> answers = answersAbout("phase-1-scan");
		LogFactory.getLog(getClass()).info("scan marker: the log is captured");

		Map<String, String> secrets = secrets();
		List<String> tables = SecretScan.tables(this.jdbc);
		assertThat(tables).as("ACT_* tables are read").anyMatch(row -> row.contains("grafanaAdminSecretPath"));
		assertThat(answers).as("REST answers are read").anyMatch(a -> a.contains("vaultConfiguredResult"));
		assertThat(SecretScan.findings(secrets, tables)).as("in ACT_* tables").isEmpty();
		assertThat(SecretScan.findings(secrets, List.of(output.getAll()))).as("in the log").isEmpty();
		assertThat(SecretScan.findings(secrets, answers)).as("in REST answers").isEmpty();
	}

	private static <T> T remember(AtomicReference<T> into, T value) {
		into.set(value);
		return value;
	}

	/** Every value by a name saying what it is. */
	private Map<String, String> secrets() throws Exception {
		Map<String, String> secrets = new LinkedHashMap<>();
		List<String> shares = this.init.get().shares();
		for (int i = 0; i < shares.size(); i++) {
			secrets.put("share " + i + " (base64)", shares.get(i));
			secrets.put("share " + i + " (hex)", HexFormat.of().formatHex(Base64.getDecoder().decode(shares.get(i))));
		}
		secrets.put("root token", this.init.get().rootToken());
		secrets.put("engine token", Files.readString(this.vault.engineTokenFile()).trim());
		secrets.put("Grafana viewer token", Files.readString(this.monitoring.grafanaTokenFile()).trim());
		String key = this.tls.get().privateKeyPem();
		secrets.put("Vault TLS key (first base64 line)", key.lines().skip(1).findFirst().orElseThrow());
		assertThat(this.generated).as("Grafana's admin password and the ESO proof value")
			.hasSizeGreaterThanOrEqualTo(2);
		for (int i = 0; i < this.generated.size(); i++) {
			secrets.put("generated secret " + i, this.generated.get(i));
		}
		this.lab.kubernetes()
			.client()
			.secrets()
			.inNamespace(this.monitoring.namespace())
			.list()
			.getItems()
			.stream()
			.filter(s -> s.getData() != null && s.getData().containsKey("token"))
			.forEach(s -> secrets.put("service account token " + s.getMetadata().getName(),
					new String(Base64.getDecoder().decode(s.getData().get("token")), StandardCharsets.UTF_8)));
		assertThat(secrets).containsKey("service account token " + this.monitoring.serviceAccount() + "-token");
		return secrets;
	}

	/**
	 * What the REST API says about every run of the phase (the phase and every process it
	 * called).
	 */
	private List<String> answersAbout(String businessKey) {
		List<String> ids = this.runs.instances(businessKey);
		assertThat(ids).hasSizeGreaterThan(10);
		return SecretScan.restAnswers(this.port, ids);
	}

}
