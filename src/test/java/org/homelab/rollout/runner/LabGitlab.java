package org.homelab.rollout.runner;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.homelab.rollout.gitlab.GitlabClients;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.rehearsal.LabGuest;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.proxmox.VmView;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GitLab CE on the lab's gitlab-ce VM, installed through the guest agent the way GitLab
 * documents it for Debian, and the engine's GitLab client for the runner steps: until
 * Phase 2.1's steps give the engine its own (the token read from Vault at
 * services/gitlab/engine-token), a test-only {@link GitlabOperations} bean whose token is
 * a personal access token made on the VM by {@code gitlab-rails runner}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class LabGitlab {

	/**
	 * The engine's GitLab token, once GitLab is installed; the client asks at each call.
	 */
	static final AtomicReference<String> TOKEN = new AtomicReference<>();

	static final String ADDRESS = "127.0.10.23";

	private static final String KEYRING = "/usr/share/keyrings/gitlab_gitlab-ce-archive-keyring.gpg";

	@Bean
	@Primary
	GitlabOperations labGitlabOperations() {
		return client();
	}

	/** The product's client at the lab's GitLab with the engine's token. */
	public static GitlabOperations client() {
		return GitlabClients.create(new OkHttpClient(), HttpUrl.get("http://" + ADDRESS), null, Duration.ofSeconds(10),
				TOKEN::get);
	}

	/** Installs GitLab on the provisioned gitlab-ce VM and makes the engine's token. */
	public static void install(RehearsalLab lab) {
		VmView vm = lab.proxmox().vms().stream().filter(v -> "gitlab-ce".equals(v.name())).findFirst().orElseThrow();
		LabGuest guest = new LabGuest(lab, vm.vmid());
		ok(guest.sh("curl -fsSL https://packages.gitlab.com/gitlab/gitlab-ce/gpgkey | gpg --dearmor -o " + KEYRING));
		guest.write("/etc/apt/sources.list.d/gitlab_gitlab-ce.list",
				"deb [signed-by=" + KEYRING + "] https://packages.gitlab.com/gitlab/gitlab-ce/debian/ bookworm main\n");
		ok(guest.exec("apt-get", "install", "-y", "gitlab-ce"));
		guest.write("/etc/gitlab/gitlab.rb", "external_url 'http://gitlab.homelab.lan'\n");
		ok(guest.exec("gitlab-ctl", "reconfigure"));
		await().atMost(Duration.ofSeconds(60)).until(() -> lab.gitlab().lab(vm.vmid()).orElseThrow().ready());
		LabGuest.Exec token = guest.exec("gitlab-rails", "runner",
				"user = User.find_by_username('root'); token = user.personal_access_tokens.create!(name: "
						+ "'homelab-rollout', scopes: [:api], expires_at: 30.days.from_now); puts token.token");
		ok(token);
		TOKEN.set(token.out().strip());
	}

	private static void ok(LabGuest.Exec exec) {
		assertThat(exec.exitCode()).as(exec.err()).isZero();
	}

}
