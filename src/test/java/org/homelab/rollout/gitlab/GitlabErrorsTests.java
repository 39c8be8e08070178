package org.homelab.rollout.gitlab;

import java.time.Duration;
import java.util.List;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What a person reads when a call fails: status, what GitLab said, what to do; never the
 * token.
 */
class GitlabErrorsTests {

	private GitlabTestServer gitlab;

	@BeforeEach
	void start() throws Exception {
		this.gitlab = new GitlabTestServer();
	}

	@AfterEach
	void stop() {
		this.gitlab.close();
	}

	@Test
	void anUnauthorizedTokenIsPermanentAndSaysToRotateIt() {
		this.gitlab.answer(401, "{\"message\":\"401 Unauthorized\"}");
		GitlabApiException ex = catchThrowableOfType(GitlabApiException.class, () -> this.gitlab.client.version());
		assertThat(ex.status()).isEqualTo(401);
		assertThat(ex.isTransient()).isFalse();
		assertThat(ex.getMessage()).contains("401 Unauthorized", "GET /api/v4/version", "rotate it")
			.doesNotContain(GitlabTestServer.TOKEN);
	}

	@Test
	void aMissingScopeIsPermanentAndNamesTheScopeNeeded() {
		this.gitlab.answer(403, "{\"error\":\"insufficient_scope\",\"error_description\":\"The request requires"
				+ " higher privileges than provided by the access token.\",\"scope\":\"api\"}");
		GitlabApiException ex = catchThrowableOfType(GitlabApiException.class,
				() -> this.gitlab.client.groups().create("Homelab", "homelab", null));
		assertThat(ex.isTransient()).isFalse();
		assertThat(ex.getMessage()).contains("403", "insufficient_scope", "scope api", "rotate-gitlab-token");
	}

	@Test
	void serverErrorsAndUnreachableGitlabAreTransient() {
		this.gitlab.answer(502, "<html>502 Bad Gateway</html>");
		GitlabApiException ex = catchThrowableOfType(GitlabApiException.class, () -> this.gitlab.client.version());
		assertThat(ex.isTransient()).isTrue();
		assertThat(ex.getMessage()).contains("502", "retried");

		HttpUrl gone = this.gitlab.server.url("/");
		this.gitlab.close();
		GitlabOperations client = GitlabClients.create(new OkHttpClient(), gone, null, Duration.ofMillis(500),
				() -> GitlabTestServer.TOKEN);
		GitlabException down = catchThrowableOfType(GitlabException.class, client::version);
		assertThat(down.isTransient()).isTrue();
		assertThat(down.getMessage()).contains("did not answer", "/-/readiness").doesNotContain(GitlabTestServer.TOKEN);
	}

	@Test
	void whatGitlabSaysIsScrubbedOfTheToken() {
		this.gitlab.answer(400, "{\"message\":\"token " + GitlabTestServer.TOKEN + " is not valid here\"}");
		GitlabApiException ex = catchThrowableOfType(GitlabApiException.class, () -> this.gitlab.client.version());
		assertThat(ex.getMessage()).doesNotContain(GitlabTestServer.TOKEN).contains("[token]");
		assertThat(ex.said()).doesNotContain(GitlabTestServer.TOKEN);
		assertThat(ex.toString()).doesNotContain(GitlabTestServer.TOKEN);
		assertThat(this.gitlab.client.toString()).doesNotContain(GitlabTestServer.TOKEN);
	}

	@Test
	void noTokenInVaultStopsTheCallBeforeAnythingIsSent() throws Exception {
		GitlabOperations client = GitlabClients.create(new OkHttpClient(), this.gitlab.server.url("/"), null,
				Duration.ofSeconds(1), () -> null);
		GitlabException ex = catchThrowableOfType(GitlabException.class, client::version);
		assertThat(ex.isTransient()).isFalse();
		assertThat(ex.getMessage()).contains("missing from Vault");
		this.gitlab.assertNoMoreRequests();
	}

	@Test
	void aPageThatIsNotGitlabIsPermanentAndSaysToCheckTheAddress() {
		this.gitlab.answer(200, "<html>Authelia portal</html>");
		GitlabException ex = catchThrowableOfType(GitlabException.class, () -> this.gitlab.client.version());
		assertThat(ex.isTransient()).isFalse();
		assertThat(ex.getMessage()).contains("not JSON", "GitLab address");
	}

	@Test
	void anUnknownRunnerTypeIsRefusedBeforeAnyCall() throws Exception {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RunnerRequest("shared", null, null, "x", List.of("gpu"), false))
			.withMessageContaining("instance_type");
		this.gitlab.assertNoMoreRequests();
	}

}
