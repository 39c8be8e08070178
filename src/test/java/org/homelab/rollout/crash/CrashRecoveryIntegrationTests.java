package org.homelab.rollout.crash;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.homelab.rollout.support.PostgresServer;
import org.homelab.rollout.support.SecretScan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A standalone lab and one engine process, killed with SIGKILL at each of the ten
 * {@link KillPoint}s of one Phase 1 run (but those of {@link #OPEN_BUGS}) and started
 * again on the same database: the run completes, the lab holds one of everything, each
 * restart moves again within {@link CrashRun#RECOVERY_TARGET}, and no secret reached the
 * logs. The points alternate between the two databases (an H2 file takes the first,
 * third, …, PostgreSQL the second, fourth, …): each point and each database is killed, in
 * half the time of every point on both (CI's 20 minutes); points named with
 * {@code -Dcrash.points} are killed on both. {@code bench/crash.sh} prints the same
 * measurements at another latency scale.
 */
class CrashRecoveryIntegrationTests {

	/**
	 * The lab's latency scale (its clones take {@link LabProcess#CLONE} whatever the
	 * scale). 0.02: an install script still runs 2.4 s, far longer than the test's look
	 * (0.1 s), and every other kill point is a hold or a user task, which no scale
	 * shortens; a larger scale only lengthens each run.
	 */
	static final double SCALE = Double.parseDouble(System.getProperty("crash.scale", "0.02"));

	/** How long a restarted node may take to move before the test gives up on it. */
	static final Duration PATIENCE = Duration.ofSeconds(Long.getLong("crash.patience", 60));

	/**
	 * Kill points at which the product has an open bug, left out of the default run until
	 * it is fixed, and named in its output; {@code -Dcrash.points=<name>} shows it. None
	 * now: 'dispatch of a clone' (a second VM of the same name after a kill between
	 * Proxmox taking the clone and clone-vm's commit) was fixed by drawing and committing
	 * the VMID before the clone (docs/recovery.md).
	 */
	static final Set<KillPoint> OPEN_BUGS = EnumSet.noneOf(KillPoint.class);

	/**
	 * The kill points of one database: those named (names of {@link KillPoint},
	 * comma-separated) when the benchmark names any, else every other one of the ten
	 * ({@code half} 0 or 1) but the {@link #OPEN_BUGS}.
	 */
	static Set<KillPoint> points(int half) {
		String names = System.getProperty("crash.points", "");
		if (names.isBlank()) {
			Set<KillPoint> points = EnumSet.allOf(KillPoint.class);
			points.removeIf(point -> point.ordinal() % 2 != half);
			points.removeAll(OPEN_BUGS);
			OPEN_BUGS.forEach(point -> System.out.println("crash not killed at '" + point.description()
					+ "': an open bug (CrashRecoveryIntegrationTests.OPEN_BUGS)"));
			return points;
		}
		Set<KillPoint> points = EnumSet.noneOf(KillPoint.class);
		Stream.of(names.split(",")).map(String::trim).map(KillPoint::valueOf).forEach(points::add);
		return points;
	}

	@TempDir
	Path dir;

	@Test
	void phase1SurvivesAKillAtHalfThePointsOnAnH2File() throws Exception {
		crashAtEachPoint("h2-file", 0,
				List.of("--spring.datasource.url=jdbc:h2:file:" + this.dir.resolve("db/rollout")
						+ ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "--spring.datasource.username=sa",
						"--spring.datasource.password="));
	}

	@Test
	void phase1SurvivesAKillAtTheOtherHalfOnPostgresql() throws Exception {
		try (PostgresServer postgres = PostgresServer.start()) {
			crashAtEachPoint("postgresql", 1, List.of("--spring.datasource.url=" + postgres.jdbcUrl(),
					"--spring.datasource.username=" + postgres.user(), "--spring.datasource.password="));
		}
	}

	private void crashAtEachPoint(String database, int half, List<String> datasource) throws Exception {
		Instant began = Instant.now();
		Path shared = this.dir.resolve("shared");
		Set<KillPoint> points = points(half);
		// a long clone only where a kill must land while one runs
		try (LabProcess lab = LabProcess.start(this.dir.resolve("lab"), SCALE,
				points.contains(KillPoint.CLONE_RUNNING) ? LabProcess.CLONE : LabProcess.SHORT_CLONE);
				EngineNode node = new EngineNode("a", this.dir.resolve("node-a"), lab, datasource, shared);
				KeptLogs logs = new KeptLogs(database, lab, node.log(), lab.log())) {
			node.start();
			CrashRun run = new CrashRun(lab, shared, PATIENCE, Duration.ofMinutes(10));
			Set<KillPoint> missed = run.drive("crash-" + database, node, points, dead -> dead, up -> {
			});
			run.recoveries().forEach(r -> System.out.println(r.line(database)));
			System.out.printf("crash %-10s %d kills, Phase 1 completed %s after its start (latency scale %s)%n",
					database, run.recoveries().size(), CrashRun.seconds(Duration.between(began, Instant.now())), SCALE);

			assertThat(missed).as("kill points the run passed without being killed there").isEmpty();
			EngineRest rest = node.rest();
			assertThat(rest.state(run.processInstanceId())).isEqualTo("COMPLETED");
			assertThat(rest.endEvents(run.processInstanceId())).containsExactly("phase-1-done");
			assertThat(rest.incidents()).isEmpty();
			new LabState(lab.state()).assertExactlyOneOfEach();
			LabState.assertNoVmStartedTwice(lab.journal());
			assertNoSecretIn(run, rest, shared, lab, List.of(node.logText(), Files.readString(lab.log())));
			assertThat(run.recoveries()).as("restarts that moved again later than " + CrashRun.RECOVERY_TARGET)
				.allMatch(CrashRun.Recovery::withinTarget);
		}
	}

	/** The crash logs, the lab's log and the run's REST history hold no secret value. */
	static void assertNoSecretIn(CrashRun run, EngineRest rest, Path shared, LabProcess lab, List<String> logs)
			throws Exception {
		Map<String, String> secrets = new LinkedHashMap<>(run.secrets());
		List<Path> holders = new ArrayList<>();
		try (Stream<Path> files = Files.walk(shared)) {
			files.filter(Files::isRegularFile).forEach(holders::add);
		}
		holders.add(lab.endpoints().resolveSibling("proxmox-token"));
		for (Path holder : holders) {
			CrashRun.words(Files.readString(holder))
				.forEach(word -> secrets.put(holder.getFileName() + " word " + secrets.size(), word));
		}
		assertThat(secrets).as("secrets found to look for").hasSizeGreaterThanOrEqualTo(5);
		List<String> answers = new ArrayList<>();
		SecretScan.historyPaths(run.processInstanceId()).forEach(path -> answers.add(rest.text(path)));
		assertThat(SecretScan.findings(secrets, logs)).as("secrets in the crash logs").isEmpty();
		assertThat(SecretScan.findings(secrets, answers)).as("secrets in REST answers").isEmpty();
	}

}
