package org.homelab.rollout.rehearsal.monitoring;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * promtool test rules in a lab VM holding the shipped rules and tests: real where
 * installed, else simulated.
 */
class LabPromtoolTests {

	static final String RULES = "/etc/prometheus/rules/";

	static final Path SHIPPED = Path.of("deploy/prometheus/rules");

	@TempDir
	Path dir;

	@Test
	void theRealPromtoolTestsTheShippedRulesInTheVmsFiles() throws Exception {
		Tool.PROMTOOL.require("the lab running the real promtool on a VM's rule files");
		GuestCommand.Result result = new LabPromtool(this.dir, LabPromtool.PROMTOOL).run(vm(true),
				List.of("test", "rules", RULES + "homelab.rules.test.yml"));

		assertThat(result.exitCode()).as(result.stderr()).isZero();
		assertThat(result.stdout()).contains("SUCCESS").doesNotContain("lab without promtool");
	}

	@Test
	void withoutPromtoolTheLabSaysItSimulatesAndStillCatchesAnUndefinedAlert() throws Exception {
		LabPromtool simulated = new LabPromtool(this.dir, this.dir.resolve("no-promtool"));
		GuestCommand.Guest guest = vm(true);
		List<String> args = List.of("test", "rules", RULES + "homelab.rules.test.yml");

		GuestCommand.Result passed = simulated.run(guest, args);
		assertThat(passed.exitCode()).isZero();
		assertThat(passed.stdout()).contains("SUCCESS (lab without promtool", "no rule was evaluated");

		String rules = new String(guest.files().get(RULES + "homelab.rules.yml"), StandardCharsets.UTF_8);
		guest.files()
			.put(RULES + "homelab.rules.yml",
					rules.replace("alert: NodeDown", "alert: NodeGone").getBytes(StandardCharsets.UTF_8));
		GuestCommand.Result failed = simulated.run(guest, args);
		assertThat(failed.exitCode()).isEqualTo(1);
		assertThat(failed.stderr()).contains("FAILED", "alertname NodeDown is defined by no rule file");
	}

	@Test
	void aVmWithoutThePrometheusPackageHasNoPromtool() throws Exception {
		GuestCommand.Result result = new LabPromtool(this.dir, LabPromtool.PROMTOOL).run(vm(false),
				List.of("test", "rules", RULES + "homelab.rules.test.yml"));
		assertThat(result.exitCode()).isEqualTo(127);
	}

	private static GuestCommand.Guest vm(boolean prometheus) throws Exception {
		Map<String, byte[]> files = new ConcurrentHashMap<>();
		if (prometheus) {
			files.put("/usr/bin/prometheus", new byte[0]);
		}
		for (String name : List.of("homelab.rules.yml", "homelab.rules.test.yml")) {
			files.put(RULES + name, Files.readAllBytes(SHIPPED.resolve(name)));
		}
		InetAddress address = InetAddress.getLoopbackAddress();
		return new GuestCommand.Guest() {

			@Override
			public String name() {
				return "prometheus";
			}

			@Override
			public int vmid() {
				return 121;
			}

			@Override
			public InetAddress address() {
				return address;
			}

			@Override
			public Map<String, byte[]> files() {
				return files;
			}

		};
	}

}
