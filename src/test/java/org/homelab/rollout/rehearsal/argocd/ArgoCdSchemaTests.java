package org.homelab.rollout.rehearsal.argocd;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lab's Argo CD request checker against argocd-swagger.json. */
class ArgoCdSchemaTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void withoutTheContractEveryRequestIsUnchecked() {
		ArgoCdSchema schema = ArgoCdSchema.load(new Contracts(Path.of("target/no-such-contracts")));
		assertThat(schema.loaded()).isFalse();
		assertThat(schema.check("GET", "/api/v1/anything", Map.of(), null)).isEqualTo("unchecked");
	}

	@Test
	void pathsParametersAndBodiesAreCheckedAtEveryDepth() throws Exception {
		Contract.ARGOCD.require("the Argo CD request checker is");
		ArgoCdSchema schema = ArgoCdSchema.load(Contracts.locate());
		assertThat(schema.check("POST", "/api/v1/session", Map.of(),
				JSON.readTree("{\"username\":\"admin\",\"password\":\"x\"}")))
			.isEqualTo("ok");
		assertThat(schema.check("GET", "/api/v1/repositories/https%3A%2F%2Fgitlab.homelab.lan%2Fhomelab%2Fgitops.git",
				Map.of(), null))
			.isEqualTo("ok");
		assertThat(schema.check("GET", "/api/v1/applications/root", Map.of("refresh", "normal"), null)).isEqualTo("ok");
		assertThat(schema.check("DELETE", "/api/v1/applications/root", Map.of("cascade", "maybe"), null))
			.isEqualTo("cascade must be true or false");
		assertThat(schema.check("POST", "/api/v1/projects", Map.of("upsert", "true"), JSON.readTree("{}")))
			.as("projects take upsert in the body")
			.isEqualTo("query parameter not in contract: upsert");
		assertThat(schema.check("POST", "/api/v1/applications", Map.of("upsert", "true"),
				JSON.readTree("{\"metadata\":{\"name\":\"root\"},\"spec\":{\"project\":\"default\","
						+ "\"syncPolicy\":{\"automated\":{\"selfHeal\":true}}}}")))
			.isEqualTo("ok");
		assertThat(schema.check("POST", "/api/v1/applications", Map.of(),
				JSON.readTree("{\"apiVersion\":\"argoproj.io/v1alpha1\",\"metadata\":{\"name\":\"root\"}}")))
			.isEqualTo("body field not in contract: body.apiVersion");
		assertThat(schema.check("POST", "/api/v1/applications", Map.of(),
				JSON.readTree("{\"spec\":{\"syncPolicy\":{\"automated\":{\"selfHeal\":\"yes\"}}}}")))
			.isEqualTo("body.spec.syncPolicy.automated.selfHeal must be a boolean");
		assertThat(schema.check("PATCH", "/api/v1/session", Map.of(), null)).startsWith("method PATCH not in contract");
		assertThat(schema.check("GET", "/api/v2/applications", Map.of(), null)).startsWith("path not in contract");
	}

}
