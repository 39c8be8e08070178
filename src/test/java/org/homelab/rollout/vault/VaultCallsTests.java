package org.homelab.rollout.vault;

import java.net.http.HttpTimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which calls are repeated at once: a read that got no answer in time is, a write is not
 * (Vault may have acted on it), and a TLS failure never is.
 */
class VaultCallsTests {

	private static final VaultTarget TARGET = VaultTarget.of("https://127.0.0.1:8200", null);

	private final AtomicInteger calls = new AtomicInteger();

	private Supplier<String> failingOnce(RuntimeException failure) {
		return () -> {
			if (this.calls.incrementAndGet() == 1) {
				throw failure;
			}
			return "answer";
		};
	}

	private static ResourceAccessException timeout() {
		return new ResourceAccessException("I/O error", new HttpTimeoutException("request timed out"));
	}

	@Test
	void aReadWithoutAnswerIsAskedAgain() {
		assertThat(VaultCalls.call(TARGET, "GET /v1/sys/mounts", "", failingOnce(timeout()))).isEqualTo("answer");
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void aWriteWithoutAnswerIsLeftToTheStepsRetry() {
		assertThatThrownBy(() -> VaultCalls.call(TARGET, "PUT /v1/sys/policies/acl/p", "", failingOnce(timeout())))
			.isInstanceOf(VaultCallException.class)
			.hasMessageContaining("did not answer PUT /v1/sys/policies/acl/p");
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void aTlsFailureIsNotRepeated() {
		ResourceAccessException tls = new ResourceAccessException("I/O error",
				new SSLHandshakeException("PKIX path building failed"));
		assertThatThrownBy(() -> VaultCalls.call(TARGET, "GET /v1/sys/mounts", "", failingOnce(tls)))
			.hasMessageContaining("TLS certificate");
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void aReadIsAskedThreeTimesAtMost() {
		Supplier<String> never = () -> {
			this.calls.incrementAndGet();
			throw timeout();
		};
		assertThatThrownBy(() -> VaultCalls.call(TARGET, "GET /v1/sys/auth", "", never))
			.isInstanceOf(VaultCallException.class);
		assertThat(this.calls).hasValue(3);
	}

}
