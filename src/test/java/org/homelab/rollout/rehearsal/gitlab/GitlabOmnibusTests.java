package org.homelab.rollout.rehearsal.gitlab;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import org.homelab.rollout.rehearsal.RehearsalLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * GitLab CE's Omnibus package on the gitlab-ce VM through the guest agent: the apt
 * repository as GitLab documents it, gitlab.rb read at reconfigure, the web server up
 * after a boot and gone with the VM.
 */
class GitlabOmnibusTests {

	@TempDir
	static Path dir;

	private static RehearsalLab lab;

	@BeforeAll
	static void start() {
		lab = Omnibus.lab(dir);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@Test
	void installAndReconfigureStartGitlabWhichIsReadyAfterItsBoot() {
		lab.proxmox().seedRunningVm(Omnibus.VMID, "gitlab-ce", Omnibus.ADDRESS);
		GitlabVm vm = new GitlabVm(lab, Omnibus.VMID, Omnibus.ADDRESS);
		assertThat(vm.sh("gitlab-ctl status").exitCode()).as("not installed yet").isEqualTo(127);
		assertThat(vm.exec("apt-get", "install", "-y", "gitlab-ce").err())
			.contains("Unable to locate package gitlab-ce");

		Omnibus.install(vm, Omnibus.GITLAB_RB);

		GitlabLab gitlab = lab.gitlab().lab(Omnibus.VMID).orElseThrow();
		assertThat(gitlab.config().externalUrl()).isEqualTo("http://gitlab.homelab.lan");
		assertThat(gitlab.config().registryExternalUrl()).isEqualTo("https://registry.homelab.lan");
		assertThat(gitlab.config().bundledPrometheus()).isFalse();
		assertThat(gitlab.config().monitoringWhitelist()).containsExactly("127.0.0.0/8", "10.0.10.30/32");
		GitlabVm.Http booting = vm.call("GET", "/-/readiness?all=1", null, null);
		assertThat(booting.status()).isEqualTo(503);
		assertThat(booting.json().path("db_check").path(0).path("status").asText()).isEqualTo("failed");
		assertThat(vm.call("GET", "/api/v4/version", null, null).status()).as("nginx before Puma").isEqualTo(502);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> vm.call("GET", "/-/readiness?all=1", null, null).status() == 200);
		GitlabVm.Http ready = vm.call("GET", "/-/readiness?all=1", null, null);
		assertThat(ready.json().path("status").asText()).isEqualTo("ok");
		assertThat(ready.json().path("gitaly_check").path(0).path("status").asText()).isEqualTo("ok");
		assertThat(vm.call("GET", "/-/liveness", null, null).json().path("status").asText()).isEqualTo("ok");
		assertThat(vm.call("GET", "/-/health", null, null).text()).isEqualTo("GitLab OK");
		assertThat(gitlab.ready()).isTrue();
		assertThat(vm.exec("gitlab-ctl", "status").out()).contains("run: puma:");

		GitlabVm.Exec backup = vm.exec("gitlab-backup", "create");
		assertThat(backup.exitCode()).as(backup.err()).isZero();
		assertThat(gitlab.backups()).singleElement().asString().endsWith("_gitlab_backup.tar");
		assertThat(lab.proxmox().guestFiles(Omnibus.VMID))
			.containsKey("/var/opt/gitlab/backups/" + gitlab.backups().get(0));

		vm.powerOff();
		await().atMost(Duration.ofSeconds(20)).until(() -> !gitlab.running());
		assertThatThrownBy(() -> vm.call("GET", "/-/health", null, null)).isInstanceOf(UncheckedIOException.class);
	}

	@Test
	void healthProbesAnswerOnlyTheMonitoringAllowList() {
		lab.proxmox().seedRunningVm(124, "gitlab-ce", "127.0.10.24");
		GitlabVm vm = new GitlabVm(lab, 124, "127.0.10.24");
		Omnibus.install(vm, "external_url 'http://gitlab.homelab.lan'\n"
				+ "gitlab_rails['monitoring_whitelist'] = ['10.0.10.30/32']\n");
		assertThat(vm.call("GET", "/-/readiness?all=1", null, null).status()).isEqualTo(404);
		assertThat(vm.call("GET", "/-/health", null, null).status()).isEqualTo(404);
	}

	@Test
	void externalUrlOnTheInstallLineReconfiguresAsThePackageDoes() {
		lab.proxmox().seedRunningVm(126, "gitlab-ce", "127.0.10.26");
		GitlabVm vm = new GitlabVm(lab, 126, "127.0.10.26");
		Omnibus.addRepository(vm);
		GitlabVm.Exec install = vm.sh("EXTERNAL_URL=http://gitlab.homelab.lan GITLAB_ROOT_PASSWORD=generated-in-vault "
				+ "apt-get install -y gitlab-ce");
		assertThat(install.exitCode()).as(install.err()).isZero();
		assertThat(install.out()).contains("gitlab Reconfigured!");
		GitlabLab gitlab = lab.gitlab().lab(126).orElseThrow();
		assertThat(gitlab.running()).isTrue();
		assertThat(gitlab.config().externalUrl()).isEqualTo("http://gitlab.homelab.lan");
		assertThat(gitlab.rootPasswordSet()).isTrue();
		assertThat(new String(lab.proxmox().guestFiles(126).get("/etc/gitlab/gitlab.rb")))
			.contains("external_url 'http://gitlab.homelab.lan'");
	}

	@Test
	void aBrokenGitlabRbFailsReconfigureAsOmnibusDoes() {
		lab.proxmox().seedRunningVm(125, "gitlab-ce", "127.0.10.25");
		GitlabVm vm = new GitlabVm(lab, 125, "127.0.10.25");
		Omnibus.addRepository(vm);
		assertThat(vm.exec("apt-get", "install", "-y", "gitlab-ce").exitCode()).isZero();
		vm.write("/etc/gitlab/gitlab.rb", "external_url 'http://gitlab.homelab.lan'\nletsencrypt['enable'] = \n");
		GitlabVm.Exec reconfigure = vm.exec("gitlab-ctl", "reconfigure");
		assertThat(reconfigure.exitCode()).isEqualTo(1);
		assertThat(reconfigure.err()).contains("There was an error running gitlab-ctl reconfigure")
			.contains("/etc/gitlab/gitlab.rb:2");
		assertThat(lab.gitlab().lab(125)).isEmpty();
	}

	@Test
	void otherVmsHaveNoGitlabCommands() {
		GitlabVm frontend = new GitlabVm(lab, RehearsalLab.FRONTEND_VMID, "127.0.10.10");
		// through a shell, as steps run it (qemu-ga itself fails an exec of a missing
		// program)
		GitlabVm.Exec ctl = frontend.sh("gitlab-ctl reconfigure");
		assertThat(ctl.exitCode()).isEqualTo(127);
		assertThat(ctl.err()).contains("gitlab-ctl: not found");
	}

}
