package org.homelab.rollout.ansible;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ansible} project's content ({@code deploy/ansible/}) through the real
 * {@code ansible-playbook --syntax-check} and {@code ansible-lint}, as its own CI job
 * runs them on the general runner.
 */
class AnsibleContentTests {

	@TempDir
	Path dir;

	@Test
	void everyPlaybookPassesTheRealSyntaxCheck() throws IOException {
		Tool.ANSIBLE.require("the playbooks' syntax (ansible-playbook --syntax-check) is");
		Path project = Ansible.copy(this.dir);
		List<String> playbooks = playbooks(project);
		assertThat(playbooks).contains("site.yml");
		for (String playbook : playbooks) {
			Ansible.Run run = Ansible.run(project, Map.of(), "ansible-playbook", "--syntax-check", "-i", "localhost,",
					playbook);
			assertThat(run.exitCode()).as(run.output()).isZero();
			assertThat(run.stdout()).contains("playbook: " + playbook);
		}
	}

	@Test
	void theSyntaxCheckCatchesABrokenPlaybook() throws IOException {
		Tool.ANSIBLE.require("the syntax check's power to fail is");
		Path project = Ansible.copy(this.dir);
		Files.writeString(project.resolve("broken.yml"),
				"---\n- name: Broken\n  hosts: homelab\n  roles:\n    - role: no_such_role\n");
		Ansible.Run run = Ansible.run(project, Map.of(), "ansible-playbook", "--syntax-check", "-i", "localhost,",
				"broken.yml");
		assertThat(run.exitCode()).isNotZero();
		assertThat(run.output()).contains("no_such_role");
	}

	@Test
	void ansibleLintPassesTheProductionProfileWithNothingSilenced() throws IOException {
		Tool.ANSIBLE_LINT.require("the playbooks and roles against ansible-lint's production profile are");
		Path project = Ansible.copy(this.dir);
		Ansible.Run run = Ansible.run(project, Map.of(), "ansible-lint");
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("Passed with production profile: 0 failure(s), 0 warning(s)");

		Map<String, Object> config = new Yaml().load(Files.readString(project.resolve(".ansible-lint")));
		assertThat(config).containsEntry("profile", "production").doesNotContainKeys("skip_list", "warn_list");
		try (Stream<Path> files = Files.walk(project)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				for (String line : Files.readAllLines(file)) {
					if (line.contains("noqa")) {
						// a silenced rule carries its reason on the same line
						assertThat(line).as(file + ": " + line).matches(".*noqa:? ?[\\w\\[\\]-]+ +-- +\\S.*");
					}
				}
			}
		}
	}

	@Test
	void ansibleLintCatchesWhatItShould() throws IOException {
		Tool.ANSIBLE_LINT.require("ansible-lint's power to fail is");
		Path project = Ansible.copy(this.dir);
		// a shell command instead of the apt module, without a name: not idempotent
		Files.writeString(project.resolve("roles/updates/tasks/main.yml"),
				"---\n- ansible.builtin.shell: apt-get -y upgrade\n");
		Ansible.Run run = Ansible.run(project, Map.of(), "ansible-lint");
		assertThat(run.exitCode()).isNotZero();
		assertThat(run.output()).contains("name[missing]");
	}

	@Test
	void theCiJobsLintAndCheckTheSyntaxOnTheGeneralRunner() throws IOException {
		Map<String, Object> ci = new Yaml().load(Files.readString(Ansible.CONTENT.resolve(".gitlab-ci.yml")));
		Map<String, Object> tools = map(ci.get(".ansible-tools"));
		assertThat(tools.get("tags")).isEqualTo(List.of("general"));
		assertThat(map(ci.get("ansible-lint"))).containsEntry("extends", ".ansible-tools");
		assertThat(map(ci.get("syntax-check"))).containsEntry("extends", ".ansible-tools");
		assertThat(String.valueOf(map(ci.get("ansible-lint")).get("script"))).contains("ansible-lint");
		assertThat(String.valueOf(map(ci.get("syntax-check")).get("script")))
			.contains("ansible-playbook --syntax-check -i localhost, site.yml");
		// the versions the tests here run (Debian bookworm's)
		assertThat(String.valueOf(tools.get("before_script"))).contains("ansible-core>=2.14,<2.15",
				"ansible-lint>=6.13,<6.14");
	}

	@Test
	void siteTargetsTheGroupTheInventoryDefines() throws IOException {
		List<Map<String, Object>> site = new Yaml().load(Files.readString(Ansible.CONTENT.resolve("site.yml")));
		Map<String, Object> inventory = new Yaml()
			.load(Files.readString(Ansible.CONTENT.resolve("inventory/proxmox.yml")));
		assertThat(site).extracting(play -> play.get("hosts")).containsOnly("homelab");
		assertThat(map(inventory.get("groups"))).containsKey("homelab");
		assertThat(inventory).containsEntry("plugin", "community.general.proxmox")
			.containsEntry("validate_certs", true)
			.doesNotContainKeys("password", "url", "user", "token_id");
	}

	private static List<String> playbooks(Path project) throws IOException {
		try (Stream<Path> files = Files.list(project)) {
			return files.map(p -> p.getFileName().toString())
				.filter(name -> name.endsWith(".yml") && !name.startsWith("."))
				.sorted()
				.toList();
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

}
