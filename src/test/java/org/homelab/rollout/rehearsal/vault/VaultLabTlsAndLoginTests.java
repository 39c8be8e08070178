package org.homelab.rollout.rehearsal.vault;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import okhttp3.tls.HeldCertificate;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.FileSystemResource;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.vault.authentication.KubernetesAuthentication;
import org.springframework.vault.authentication.KubernetesAuthenticationOptions;
import org.springframework.vault.authentication.SimpleSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.ClientHttpRequestFactoryFactory;
import org.springframework.vault.client.VaultClients;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.ClientOptions;
import org.springframework.vault.support.SslConfiguration;
import org.springframework.vault.support.SslConfiguration.KeyStoreConfiguration;
import org.springframework.vault.support.VaultInitializationRequest;
import org.springframework.vault.support.VaultInitializationResponse;
import org.springframework.vault.support.VaultToken;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Vault over TLS against the lab's certificate, and a Kubernetes login as External
 * Secrets would do it.
 */
class VaultLabTlsAndLoginTests {

	private final VaultLab lab = new VaultLab(FaultInjector.none(), new RequestJournal());

	@AfterEach
	void stop() {
		this.lab.close();
	}

	@Test
	void springVaultTalksTlsWhenItTrustsTheLabsCa(@TempDir Path dir) throws Exception {
		HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("homelab-ca").build();
		HeldCertificate server = new HeldCertificate.Builder().signedBy(ca)
			.addSubjectAlternativeName("127.0.0.1")
			.addSubjectAlternativeName("localhost")
			.build();
		this.lab.start(InetAddress.getLoopbackAddress(), 0, server, ca.certificate());
		assertThat(this.lab.url().getScheme()).isEqualTo("https");
		Path trust = dir.resolve("ca.pem");
		Files.writeString(trust, ca.certificatePem());
		SslConfiguration ssl = SslConfiguration.forTrustStore(
				KeyStoreConfiguration.of(new FileSystemResource(trust), null, SslConfiguration.PEM_KEYSTORE_TYPE));
		ClientHttpRequestFactory factory = ClientHttpRequestFactoryFactory.create(new ClientOptions(), ssl);
		VaultTemplate anonymous = new VaultTemplate(VaultEndpoint.from(this.lab.url()), factory,
				new SimpleSessionManager(new TokenAuthentication("none")));
		VaultInitializationResponse init = anonymous.opsForSys().initialize(VaultInitializationRequest.create(1, 1));
		anonymous.opsForSys().unseal(init.getKeys().get(0));
		assertThat(anonymous.opsForSys().health().isSealed()).isFalse();
	}

	@Test
	void serviceAccountLogsInWithSpringVaultsKubernetesAuthentication() {
		this.lab.start();
		VaultClient client = new VaultClient(this.lab.url());
		String root = client.initAndUnseal();
		client.post("sys/auth/k3s", root, "{\"type\":\"kubernetes\"}");
		client.post("auth/k3s/config", root, "{\"kubernetes_host\":\"https://10.0.0.10:6443\"}");
		client.post("sys/mounts/homelab", root, "{\"type\":\"kv-v2\"}");
		client.post("homelab/data/apps/grafana", root, "{\"data\":{\"admin-password\":\"pw\"}}");
		client.post("sys/policy/eso", root,
				"{\"policy\":\"path \\\"homelab/data/*\\\" { capabilities = [\\\"read\\\"] }\"}");
		client.post("auth/k3s/role/eso", root, "{\"bound_service_account_names\":[\"external-secrets\"],"
				+ "\"bound_service_account_namespaces\":[\"external-secrets\"],\"token_policies\":\"eso\"}");

		VaultEndpoint endpoint = VaultEndpoint.from(this.lab.url());
		RestTemplate rest = VaultClients.createRestTemplate(endpoint, new SimpleClientHttpRequestFactory());
		KubernetesAuthentication login = new KubernetesAuthentication(KubernetesAuthenticationOptions.builder()
			.path("k3s")
			.role("eso")
			.jwtSupplier(() -> jwt("external-secrets", "external-secrets"))
			.build(), rest);
		VaultToken token = login.login();
		VaultTemplate eso = new VaultTemplate(endpoint, new SimpleClientHttpRequestFactory(),
				new SimpleSessionManager(() -> token));
		assertThat(eso.read("homelab/data/apps/grafana").getRequiredData().get("data"))
			.isEqualTo(Map.of("admin-password", "pw"));
	}

	private static String jwt(String account, String namespace) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String claims = "{\"kubernetes.io\":{\"namespace\":\"" + namespace + "\",\"serviceaccount\":{\"name\":\""
				+ account + "\"}}}";
		return encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
	}

}
