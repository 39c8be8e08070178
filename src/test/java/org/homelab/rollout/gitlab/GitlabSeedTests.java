package org.homelab.rollout.gitlab;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed against a small repository behind the MockWebServer: files answered as GitLab
 * does (base64, 404 when absent), commits applied.
 */
class GitlabSeedTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final Map<String, byte[]> repository = new TreeMap<>();

	private int commits;

	private GitlabTestServer gitlab;

	@BeforeEach
	void start() throws Exception {
		this.gitlab = new GitlabTestServer();
		this.gitlab.server.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return repository(request);
			}
		});
	}

	@AfterEach
	void stop() {
		this.gitlab.close();
		this.gitlab.checkContract();
	}

	@Test
	void seedCommitsOnlyWhatIsMissingOrDifferentAndASecondRunCommitsNothing() throws Exception {
		this.repository.put("README.md", bytes("old\n"));
		this.repository.put("mine.txt", bytes("someone's own file\n"));
		Map<String, byte[]> wanted = Map.of("README.md", bytes("new\n"), "apps/root.yaml", bytes("kind: App\n"),
				"logo.png", new byte[] { (byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff });

		SeedResult first = this.gitlab.client.repository().seed(12, "main", wanted, "Seed from deploy/gitlab/gitops");

		assertThat(first.changed()).isTrue();
		assertThat(first.created()).containsExactly("apps/root.yaml", "logo.png");
		assertThat(first.updated()).containsExactly("README.md");
		assertThat(this.commits).isEqualTo(1);
		assertThat(this.repository.get("logo.png")).isEqualTo(wanted.get("logo.png"));
		assertThat(this.repository.get("README.md")).isEqualTo(bytes("new\n"));
		assertThat(this.repository).containsKey("mine.txt");
		this.gitlab.take("GET", "/api/v4/projects/12/repository/files/README.md?ref=main");
		this.gitlab.take("GET", "/api/v4/projects/12/repository/files/apps%2Froot.yaml?ref=main");
		this.gitlab.take("GET", "/api/v4/projects/12/repository/files/logo.png?ref=main");
		JsonNode commit = GitlabTestServer.body(this.gitlab.take("POST", "/api/v4/projects/12/repository/commits"));
		assertThat(commit.path("branch").asText()).isEqualTo("main");
		assertThat(commit.path("commit_message").asText()).isEqualTo("Seed from deploy/gitlab/gitops");
		assertThat(commit.path("actions").findValuesAsText("action")).containsExactly("update", "create", "create");

		SeedResult second = this.gitlab.client.repository().seed(12, "main", wanted, "Seed from deploy/gitlab/gitops");

		assertThat(second.changed()).isFalse();
		assertThat(second.created()).isEmpty();
		assertThat(second.updated()).isEmpty();
		assertThat(this.commits).isEqualTo(1);
	}

	@Test
	void commitSendsTextAndDeleteActionsAsGiven() throws Exception {
		this.repository.put("old.txt", bytes("x"));
		this.gitlab.client.repository()
			.commit(12, "main", "why",
					List.of(CommitAction.createText("a.txt", "hello"), CommitAction.delete("old.txt")));
		JsonNode actions = GitlabTestServer.body(this.gitlab.take("POST", "/api/v4/projects/12/repository/commits"))
			.path("actions");
		assertThat(actions.get(0).path("encoding").asText()).isEqualTo("text");
		assertThat(actions.get(0).path("content").asText()).isEqualTo("hello");
		assertThat(actions.get(1).has("content")).isFalse();
		assertThat(this.repository).containsOnlyKeys("a.txt");
	}

	private MockResponse repository(RecordedRequest request) {
		String path = request.getUrl().encodedPath();
		String prefix = "/api/v4/projects/12/repository/files/";
		if (request.getMethod().equals("GET") && path.startsWith(prefix)) {
			String file = request.getUrl().pathSegments().get(6);
			byte[] content = this.repository.get(file);
			if (content == null) {
				return json(404, "{\"message\":\"404 File Not Found\"}");
			}
			return json(200, "{\"file_path\":\"" + file + "\",\"encoding\":\"base64\",\"content\":\""
					+ Base64.getEncoder().encodeToString(content) + "\"}");
		}
		if (request.getMethod().equals("POST") && path.equals("/api/v4/projects/12/repository/commits")) {
			try {
				for (JsonNode action : JSON.readTree(request.getBody().utf8()).path("actions")) {
					String file = action.path("file_path").asText();
					switch (action.path("action").asText()) {
						case "delete" -> this.repository.remove(file);
						default -> this.repository.put(file,
								action.path("encoding").asText().equals("base64")
										? Base64.getDecoder().decode(action.path("content").asText())
										: bytes(action.path("content").asText()));
					}
				}
			}
			catch (Exception ex) {
				return json(400, "{\"message\":\"bad body\"}");
			}
			this.commits++;
			return json(201, "{\"id\":\"c0ffee" + this.commits + "\"}");
		}
		return json(404, "{\"error\":\"404 Not Found\"}");
	}

	private static MockResponse json(int code, String body) {
		return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
