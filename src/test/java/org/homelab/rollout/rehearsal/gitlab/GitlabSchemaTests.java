package org.homelab.rollout.rehearsal.gitlab;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lab's Swagger 2.0 request check and its reading of gitlab.rb, without a VM. */
class GitlabSchemaTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void withoutTheContractEveryRequestIsUnchecked(@TempDir Path empty) {
		GitlabSchema schema = GitlabSchema.load(new Contracts(empty));
		assertThat(schema.loaded()).isFalse();
		assertThat(schema.check("GET", "/api/v4/anything", Map.of(), null)).isEqualTo("unchecked");
	}

	@Test
	void pathsParametersAndBodiesAreCheckedAgainstTheContract() throws Exception {
		Contracts contracts = Contracts.locate();
		Contract.GITLAB.require("the GitLab request checker is");
		GitlabSchema schema = GitlabSchema.load(contracts);
		assertThat(schema.check("GET", "/api/v4/projects/homelab%2Fgitops", Map.of(), null)).isEqualTo("ok");
		assertThat(schema.check("GET", "/api/v4/groups", Map.of("search", "homelab", "per_page", "20"), null))
			.isEqualTo("ok");
		assertThat(schema.check("GET", "/api/v4/groups", Map.of("per_page", "many"), null))
			.isEqualTo("per_page is invalid (integer expected)");
		assertThat(schema.check("GET", "/api/v4/groups", Map.of("colour", "red"), null))
			.isEqualTo("query parameter not in contract: colour");
		assertThat(schema.check("PATCH", "/api/v4/groups", Map.of(), null)).startsWith("method PATCH not in contract");
		assertThat(schema.check("GET", "/api/v4/projects/1/repository/files/README.md", Map.of(), null))
			.isEqualTo("missing query parameter: ref");
		// the contract requires group_id and project_id; GitLab needs neither for an
		// instance runner
		assertThat(schema.check("POST", "/api/v4/user/runners", Map.of(),
				JSON.readTree("{\"runner_type\":\"instance_type\",\"tag_list\":[\"gpu\"]}")))
			.isEqualTo("ok");
		assertThat(
				schema.check("POST", "/api/v4/user/runners", Map.of(), JSON.readTree("{\"runner_type\":\"shared\"}")))
			.isEqualTo("runner_type does not have a valid value");
		assertThat(schema.check("POST", "/api/v4/projects/7/deploy_tokens", Map.of(),
				JSON.readTree("{\"name\":\"registry\",\"scopes\":\"read_registry\"}")))
			.as("Grape takes a comma-separated text for an array")
			.isEqualTo("ok");
	}

	@Test
	void gitlabRbIsReadAsOmnibusDoes() throws Exception {
		GitlabRb rb = GitlabRb.parse("""
				external_url "https://gitlab.homelab.lan" # the front door's name
				gitlab_rails['initial_root_password'] = 'changeme-now'
				gitlab_rails['backup_keep_time'] = 604800
				postgresql['enable'] = true
				""");
		assertThat(rb.host()).isEqualTo("gitlab.homelab.lan");
		assertThat(rb.bundledPrometheus()).isTrue();
		assertThat(rb.initialRootPassword()).isEqualTo("changeme-now");
		assertThat(rb.monitors(InetAddress.getByName("127.0.0.1"))).isTrue();
		assertThat(rb.monitors(InetAddress.getByName("10.0.10.30"))).isFalse();
		assertThatThrownBy(() -> GitlabRb.parse("registry_external_url 'https://registry.lan'\n"))
			.hasMessageContaining("GitLab external URL must include a schema and FQDN");
		assertThatThrownBy(() -> GitlabRb.parse("external_url 'http://g.lan'\nnginx['listen_port' = 80\n"))
			.hasMessageContaining("/etc/gitlab/gitlab.rb:2: syntax error");
	}

}
