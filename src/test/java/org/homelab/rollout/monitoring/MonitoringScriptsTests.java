package org.homelab.rollout.monitoring;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The K3s token is a credential: only root and the prometheus user of Debian's package
 * may read it, from before the engine writes it (the lab keeps no file modes, so this
 * checks the commands the scripts run).
 */
class MonitoringScriptsTests {

	private static final Pattern CHMOD = Pattern.compile("(?m)^chmod (\\S+) (\\S+)$");

	@Test
	void tokenIsLockedDownBeforeTheEngineWritesIt() {
		assertLockedDown(MonitoringScripts.prometheusInstall());
	}

	@Test
	void tokenStaysLockedDownWhenPrometheusStarts() {
		assertLockedDown(MonitoringScripts.prometheusStart());
	}

	@Test
	void tokenPathIsTheOnePrometheusReads() {
		assertThat(MonitoringScripts.TOKEN).isEqualTo("/etc/prometheus/" + PrometheusConfig.TOKEN);
	}

	/**
	 * A run cancelled in Cockpit leaves its install script running in the guest: the next
	 * run's apt must wait for dpkg's lock rather than fail with exit 100.
	 */
	@Test
	void everyAptCallWaitsForDpkgsLock() {
		List<String> scripts = List.of(MonitoringScripts.prometheusInstall(),
				MonitoringScripts.grafanaInstall("run-1", true),
				MonitoringScripts.grafanaUninstall("run-1", true, "/d", "/p", List.of("/x")));
		List<String> aptLines = scripts.stream()
			.flatMap(String::lines)
			.filter(line -> line.matches("\\s*apt(-get)? .*"))
			.toList();
		assertThat(aptLines).hasSizeGreaterThanOrEqualTo(5)
			.allMatch(line -> line.contains(" -o DPkg::Lock::Timeout=600 "), "waits up to 10 minutes for dpkg's lock");
	}

	private static void assertLockedDown(String script) {
		List<String> modes = CHMOD.matcher(script)
			.results()
			.filter(m -> m.group(2).equals(MonitoringScripts.TOKEN))
			.map(m -> m.group(1))
			.toList();
		// 0644 (the guest agent's default for a new file) would let every user read it
		assertThat(modes).isNotEmpty().allSatisfy(mode -> assertThat(mode).isIn("0640", "640", "0600", "600"));
		assertThat(script).contains("chown root:prometheus " + MonitoringScripts.TOKEN + "\n");
		Matcher chown = Pattern.compile("chown \\S+ " + Pattern.quote(MonitoringScripts.TOKEN)).matcher(script);
		assertThat(chown.find()).isTrue();
		assertThat(chown.start()).isLessThan(script.indexOf("chmod"));
	}

}
