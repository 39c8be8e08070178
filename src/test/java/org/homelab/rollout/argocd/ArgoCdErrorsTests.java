package org.homelab.rollout.argocd;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What Argo CD's answers become: transient or not, and what the operator reads. */
class ArgoCdErrorsTests {

	@Test
	void runtimeErrorsAreSortedIntoTransientAndPermanentWithAdvice() {
		ArgoCdApiException unavailable = ArgoCdErrors.fromStatus("GET /api/v1/applications", 503, 14,
				"connection error");
		assertThat(unavailable.isTransient()).isTrue();
		ArgoCdApiException internal = ArgoCdErrors.fromStatus("POST /api/v1/applications/x/sync", 500, 13, "boom");
		assertThat(internal.isTransient()).as("Argo CD's considered internal error").isFalse();
		ArgoCdApiException notFound = ArgoCdErrors.fromStatus("GET /api/v1/applications/x", 404, 5,
				"applications.argoproj.io \"x\" not found");
		assertThat(notFound.notFound()).isTrue();
		assertThat(notFound.getMessage()).startsWith("Argo CD answered 404 (gRPC code 5)")
			.contains("GET /api/v1/applications/x", "not found");
		ArgoCdApiException upsert = ArgoCdErrors.fromStatus("POST /api/v1/applications", 400, 3,
				"existing application spec is different, use upsert flag to force update");
		assertThat(upsert.isTransient()).isFalse();
		assertThat(upsert.getMessage()).contains("repeat with upsert");
		ArgoCdApiException session = ArgoCdErrors.fromStatus("GET /api/v1/projects/x", 401, 16, "invalid session");
		assertThat(session.getMessage()).contains("admin password in Vault");
		ArgoCdApiException inUse = ArgoCdErrors.fromStatus("DELETE /api/v1/projects/x", 400, 9,
				"project is referenced by 1 applications");
		assertThat(inUse.getMessage()).contains("remove what depends on it first");
	}

	@Test
	void transportFailuresAreTransientButTlsIsNot() {
		ArgoCdException timeout = ArgoCdErrors.fromTransport("GET /api/v1/applications",
				new SocketTimeoutException("timeout"));
		assertThat(timeout.isTransient()).isTrue();
		assertThat(timeout.getMessage()).contains("no answer in time", "argocd-server pods are Ready");
		ArgoCdException tls = ArgoCdErrors.fromTransport("POST /api/v1/session",
				new SSLHandshakeException("PKIX path building failed"));
		assertThat(tls.isTransient()).isFalse();
		assertThat(tls.getMessage()).contains("rollout.argocd.ca-file");
		assertThat(ArgoCdErrors.fromTransport("x", new IOException("refused")).isTransient()).isTrue();
	}

	@Test
	void propertiesAreCheckedAtBinding() {
		ArgoCdProperties properties = new ArgoCdProperties(null, null, "admin", "services/argocd/admin-password",
				"argocd", Duration.ofSeconds(30));
		assertThat(properties.url()).isNull();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ArgoCdProperties("argocd.homelab.lan", null, "admin",
					"services/argocd/admin-password", "argocd", Duration.ofSeconds(30)))
			.withMessageContaining("rollout.argocd.url");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ArgoCdProperties(null, Path.of("ca.pem"), "admin", "/services//x", "argocd",
					Duration.ofSeconds(30)))
			.withMessageContaining("rollout.argocd.password-path");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ArgoCdProperties(null, null, "admin", "services/argocd/admin-password", "Argo CD",
					Duration.ofSeconds(30)))
			.withMessageContaining("rollout.argocd.namespace");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ArgoCdProperties(null, null, "admin", "services/argocd/admin-password", "argocd",
					Duration.ZERO))
			.withMessageContaining("rollout.argocd.timeout");
	}

	@Test
	void theFactoryRefusesToMakeAClientWithoutAnAddress() {
		ArgoCdClients clients = new ArgoCdClients(new okhttp3.OkHttpClient(), new ArgoCdProperties(null, null, "admin",
				"services/argocd/admin-password", "argocd", Duration.ofSeconds(30)));
		org.assertj.core.api.Assertions.assertThatIllegalStateException()
			.isThrownBy(() -> clients.operations(() -> "pw"))
			.withMessageContaining("rollout.argocd.url");
		assertThat(clients.operations("https://argocd.homelab.lan", () -> "pw").toString()).doesNotContain("pw");
	}

}
