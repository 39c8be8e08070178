package org.homelab.rollout.backup;

import java.io.IOException;
import java.net.SocketTimeoutException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What PBS answered, sorted into transient and permanent, with what to do. */
class PbsErrorsTests {

	@Test
	void unavailableAndLocksAreTransientRefusalsAreNot() {
		assertThat(PbsErrors.fromStatus("GET /version", 503, "service unavailable").isTransient()).isTrue();
		assertThat(PbsErrors.fromStatus("POST /config/datastore", 500, "unable to acquire lock on datastore config")
			.isTransient()).isTrue();
		PbsException refused = PbsErrors.fromStatus("POST /config/datastore", 400, "datastore 'b' already exists.");
		assertThat(refused.isTransient()).isFalse();
		assertThat(refused.getMessage()).isEqualTo("Proxmox Backup Server answered 400 'datastore 'b' already exists.'"
				+ " to POST /config/datastore. PBS refused the parameters: fix the inventory values behind them;"
				+ " repeating will not help.");
		assertThat(((PbsApiException) refused).alreadyExists()).isTrue();
		assertThat(PbsErrors.fromStatus("GET /access/users/x@pbs", 404, "user 'x@pbs' does not exist."))
			.isInstanceOf(PbsApiException.class)
			.satisfies(ex -> assertThat(((PbsApiException) ex).notFound()).isTrue());
		assertThat(PbsErrors.fromStatus("GET /admin/datastore/b/status", 403, "permission check failed").getMessage())
			.contains("lack a privilege");
	}

	@Test
	void noAnswerIsTransientAndAnUntrustedCertificateIsNot() {
		PbsException timeout = PbsErrors.fromTransport("GET /ping", new SocketTimeoutException("timeout"));
		PbsException tls = PbsErrors.fromTransport("GET /ping", new SSLHandshakeException("fingerprint mismatch"));
		PbsException refused = PbsErrors.fromTransport("GET /ping", new IOException("Connection refused"));

		assertThat(timeout.isTransient()).isTrue();
		assertThat(timeout.getMessage()).contains("no answer in time");
		assertThat(refused.isTransient()).isTrue();
		assertThat(tls.isTransient()).isFalse();
		assertThat(tls.getMessage()).contains("fingerprint mismatch").contains("nothing was sent");
	}

}
