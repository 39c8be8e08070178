package org.homelab.rollout.sops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commit scan on realistic files: what the phases will commit (values, manifests,
 * ExternalSecrets, SOPS files) passes; a secret in any of the shapes it knows is found,
 * named by file and line, and never repeated in the finding.
 */
class CommitScanTests {

	private final CommitScan scan = new CommitScan();

	@Test
	void theProjectsOwnDeployFilesPass() throws IOException {
		Map<String, String> files = new LinkedHashMap<>();
		try (Stream<Path> all = Files.walk(Path.of("deploy"))) {
			for (Path file : all.filter(Files::isRegularFile).toList()) {
				files.put(file.toString(), Files.readString(file));
			}
		}
		assertThat(files).containsKeys("deploy/helm-values/gitlab-runner-gpu.yaml",
				"deploy/config/inventory.yaml.example", "deploy/nginx/server.conf.template", "deploy/Dockerfile");
		assertThat(this.scan.findings(files)).isEmpty();
	}

	@Test
	void aSecretManifestWithDataIsFoundLineByLine() {
		String manifest = """
				apiVersion: v1
				kind: Secret
				metadata:
				  name: gitlab-runner-gpu
				  namespace: gitlab-runner
				type: Opaque
				stringData:
				  runner-registration-token: ""
				  runner-token: Zm9vYmFyYmF6cXV1eA-really
				data:
				  ca.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
				""";
		List<CommitFinding> found = this.scan.findings("gitops/runner-secret.yaml", manifest);
		assertThat(found).extracting(CommitFinding::line).containsExactly(9, 11);
		assertThat(found).allSatisfy(f -> assertThat(f.why()).contains("ExternalSecret"));
		assertThat(found.toString()).doesNotContain("Zm9vYmFy", "LS0tLS1C");
	}

	@Test
	void aSecretFoundWhateverTheOrderOrStyle() {
		String flow = "apiVersion: v1\ndata: {password: aHVudGVyMg==}\nkind: Secret\nmetadata: {name: x}\n";
		assertThat(this.scan.findings("a.yaml", flow)).extracting(CommitFinding::line).containsExactly(2);
		String second = "kind: ConfigMap\ndata:\n  color: blue\n---\nkind: Secret\ndata:\n  tls.key: c2VjcmV0\n";
		assertThat(this.scan.findings("b.yaml", second)).extracting(CommitFinding::line).containsExactly(7);
	}

	@Test
	void anExternalSecretAndAConfigMapPass() {
		String externalSecret = """
				apiVersion: external-secrets.io/v1
				kind: ExternalSecret
				metadata:
				  name: gitlab-runner-gpu
				spec:
				  secretStoreRef: {kind: ClusterSecretStore, name: homelab-vault}
				  target:
				    name: gitlab-runner-gpu
				  data:
				    - secretKey: runner-token
				      remoteRef:
				        key: services/gitlab-runner/runner-token
				        property: value
				---
				apiVersion: v1
				kind: ConfigMap
				metadata:
				  name: settings
				data:
				  log-level: info
				""";
		assertThat(this.scan.findings("gitops/runner.yaml", externalSecret)).isEmpty();
	}

	@Test
	void aSopsEncryptedSecretPasses() {
		String sops = """
				apiVersion: v1
				kind: Secret
				metadata:
				    name: grafana-admin
				stringData:
				    admin-password: ENC[AES256_GCM,data:q3Jm0Qk=,iv:a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U=,tag:dGFndGFndGFndGFndA==,type:str]
				sops:
				    age:
				        - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
				          enc: |
				            -----BEGIN AGE ENCRYPTED FILE-----
				            YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBhYmMK
				            -----END AGE ENCRYPTED FILE-----
				    lastmodified: "2026-12-06T15:00:00Z"
				    mac: ENC[AES256_GCM,data:bWFj,iv:aXY=,tag:dGFn,type:str]
				    encrypted_regex: ^(data|stringData)$
				    version: 3.13.2
				""";
		assertThat(this.scan.findings("gitops/grafana-admin.yaml", sops)).isEmpty();
	}

	@Test
	void privateKeysAndTokenShapesAreFoundInAnyFile() {
		String pem = "tls:\n  key: |\n    -----BEGIN " + "EC PRIVATE KEY-----\n    MHcCAQEEIB\n";
		assertThat(this.scan.findings("ansible/files/tls.yaml", pem)).singleElement()
			.satisfies(f -> assertThat(f.why()).contains("PEM private key"))
			.satisfies(f -> assertThat(f.line()).isEqualTo(3));
		Map<String, String> tokens = new LinkedHashMap<>();
		tokens.put("GitLab access token", "curl -H 'PRIVATE-TOKEN: glpat-" + "Ab3dE6gH9jK2mN5pQ8sT' https://gitlab");
		tokens.put("GitLab runner token", "gitlab-runner register --token glrt-" + "t1_Xy7Zq2Wv4Ut6Sr8Qp0On");
		tokens.put("Vault token", "VAULT_TOKEN=hvs." + "CAESIJ9b2ZxQ4nW8kR1tY6uPzLmNdEfGhIjKlMnOpQrS");
		tokens.put("Vault token (legacy s.)", "vault login s." + "Xb7Hq2Lm9Np4Rs6Tv8Wy1Za3");
		tokens.put("AWS access key id", "aws_access_key_id = AKIA" + "Q3ZKX7EXAMPLE4NM");
		tokens.put("JSON Web Token",
				"bearer: eyJhbGciOiJSUzI1NiJ9." + "eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJlLWJ5dGVz");
		tokens.put("Grafana service account token", "# viewer: glsa_" + "Q3ZKx7b2Lm9Np4Rs6Tv8Wy1Za3Cd5Ef7_1a2b3c4d");
		tokens.put("age identity",
				"AGE-SECRET-KEY-1" + "QQPZRY9X8GF2TVDW0S3JN54KHCE6MUA7LQQPZRY9X8GF2TVDW0S3JN54KHCE6");
		tokens.forEach((what, line) -> {
			List<CommitFinding> found = this.scan.findings("ci-smoke/notes.sh", "#!/bin/sh\n" + line + "\n");
			assertThat(found).as(what).isNotEmpty().allSatisfy(f -> assertThat(f.line()).isEqualTo(2));
			assertThat(found).as(what).anySatisfy(f -> assertThat(f.why()).containsIgnoringCase(what));
		});
	}

	@Test
	void lookAlikesOfTokensPass() {
		String text = """
				# a short glpat-abc is not a token; neither is this host
				url: https://s.homelab.lan/metrics.prometheus.v2
				image: registry.gitlab-ce.homelab.lan/ci-smoke/app:1.2.3
				header: eyJhbGciOi
				""";
		assertThat(this.scan.findings("ci-smoke/README.yaml", text)).isEmpty();
	}

	@Test
	void plaintextValuesOfSecretKeysAreFoundInYamlJsonEnvAndHcl() {
		Map<String, String> files = new LinkedHashMap<>();
		files.put("ansible/group_vars/all.yml", "grafana_admin_password: Tr0ub4dor&3\nansible_user: ops\n");
		files.put("gitops/values.json",
				"{\n  \"server\": {\n    \"apiKey\": \"9f8e7d6c5b4a\",\n    \"port\": 80\n  }\n}\n");
		files.put("ci-smoke/.env", "APP_NAME=smoke\nexport DB_PASSWORD='horse-battery-staple'\n");
		files.put("ansible/vault.hcl", "auth {\n  client_secret = \"s3cr3t-value\"\n}\n");
		files.put("ansible/host_vars/pbs.yml", "pbs_port: 8007\npbs_pin_password: 480917\n");
		files.put("gitops/runner.yaml", "runners:\n  runnerToken: |\n    7Hq2Lm9Np4Rs6Tv8\n");
		List<CommitFinding> found = this.scan.findings(files);
		assertThat(found).extracting(f -> f.path() + ":" + f.line())
			.containsExactly("ansible/group_vars/all.yml:1", "ansible/host_vars/pbs.yml:2", "ansible/vault.hcl:2",
					"ci-smoke/.env:2", "gitops/runner.yaml:3", "gitops/values.json:3");
		assertThat(found.toString()).doesNotContain("Tr0ub4dor", "480917", "9f8e7d6c", "horse", "s3cr3t", "7Hq2Lm9N");
		assertThat(found.get(0).why()).contains("'grafana_admin_password'", "Vault", "SOPS");
		assertThat(found.get(0).masked()).isEqualTo("******** (11 chars)");
	}

	@Test
	void referencesPlaceholdersAndEncryptedValuesPass() {
		String values = """
				adminPassword: ""
				rootPassword: ~
				password: changeme
				apiKey: <your api key>
				runnerToken: ${RUNNER_TOKEN}
				registrationToken: "{{ .Values.token }}"
				db_password: "{{ lookup('hashi_vault', 'secret=homelab/data/db:password') }}"
				smtp_password: !vault |
				  $ANSIBLE_VAULT;1.1;AES256
				vaultToken: vault:homelab/data/services/argocd#token
				argocdToken: secret/data/argocd/token
				grafanaPassword: homelab/services/grafana/admin-password
				token_file: /run/secrets/token
				tokenSecret: ENC[AES256_GCM,data:abc=,iv:ZGVm,tag:Z2hp,type:str]
				existingSecret: grafana-admin
				token-secret-env: PROXMOX_TOKEN_SECRET
				runners:
				  secret: gitlab-runner-gpu
				tolerations:
				  - key: nvidia.com/gpu
				createToken: true
				""";
		assertThat(this.scan.findings("gitops/values.yaml", values)).isEmpty();
	}

}
