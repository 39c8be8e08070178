package org.homelab.rollout.engine;

import java.time.Duration;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.support.PostgresServer;
import org.homelab.rollout.support.ProcessRuns;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real PostgreSQL server the engine creates its schema on first start and runs a
 * model to its end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "rehearsal", "test" })
@DirtiesContext
class PostgresIntegrationTests {

	static PostgresServer postgres;

	@Autowired
	ProcessEngine engine;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) throws Exception {
		postgres = PostgresServer.start();
		// stopped when the JVM ends: JUnit's @AfterAll would run before Spring closes the
		// context's pool
		Runtime.getRuntime().addShutdownHook(new Thread(postgres::closeQuietly));
		registry.add("spring.datasource.url", postgres::jdbcUrl);
		registry.add("spring.datasource.username", postgres::user);
		registry.add("spring.datasource.password", () -> "");
	}

	@Test
	void createsTheSchemaAndRunsAProcessToItsEnd() {
		assertThat(this.jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
		assertThat(this.jdbc.queryForObject("select count(*) from act_ge_property", Integer.class)).isPositive();
		ProcessRuns runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(30));
		runs.awaitEnd(runs.start("smoke-test", Map.of()));
	}

}
