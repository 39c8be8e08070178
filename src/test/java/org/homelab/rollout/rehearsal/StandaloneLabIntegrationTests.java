package org.homelab.rollout.rehearsal;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.homelab.rollout.RolloutApplication;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.ProxmoxSite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A standalone lab is its own process: an engine killed and restarted against it finds
 * the homelab as it left it, and the lab's control port resets it.
 */
class StandaloneLabIntegrationTests {

	@TempDir
	Path labDir;

	private Process lab;

	@AfterEach
	void stopLab() {
		if (this.lab != null) {
			this.lab.destroy();
		}
	}

	@Test
	void labKeepsItsStateAcrossAnEngineRestartAndResetEmptiesIt() throws Exception {
		Path endpoints = startStandaloneLab();
		String[] args = { "--rehearsal.embedded=false", "--spring.config.import=file:" + endpoints, "--server.port=0" };
		String vmName;
		try (ConfigurableApplicationContext engine = startEngine(args)) {
			ProxmoxSite proxmox = engine.getBean(Inventory.class).proxmox();
			vmName = "restart-check";
			String upid = post(proxmox, "/nodes/pve/qemu/9000/clone",
					new FormBody.Builder().add("newid", "321").add("name", vmName).add("full", "1").build());
			assertThat(upid).contains("qmclone");
		}
		try (ConfigurableApplicationContext engine = startEngine(args)) {
			ProxmoxSite proxmox = engine.getBean(Inventory.class).proxmox();
			assertThat(get(proxmox, "/nodes/pve/qemu")).contains(vmName);
			HttpClient http = HttpClient.newHttpClient();
			String control = properties(endpoints).getProperty("rehearsal.control-url");
			http.send(HttpRequest.newBuilder(URI.create(control + "/reset"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), BodyHandlers.ofString());
			assertThat(get(proxmox, "/nodes/pve/qemu")).doesNotContain(vmName).contains("9000");
		}
	}

	private Path startStandaloneLab() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		this.lab = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
				"-D" + Contracts.PROPERTY + "=" + Contracts.locate().dir(), StandaloneLab.class.getName(),
				"--rehearsal.lab-dir=" + this.labDir, "--rehearsal.latency-scale=0.01"))
			.redirectErrorStream(true)
			.redirectOutput(this.labDir.resolve("lab.log").toFile())
			.start();
		Path endpoints = this.labDir.resolve("endpoints.properties");
		await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(endpoints) || !this.lab.isAlive());
		assertThat(this.lab.isAlive()).as(Files.readString(this.labDir.resolve("lab.log"))).isTrue();
		return endpoints;
	}

	private static ConfigurableApplicationContext startEngine(String... args) {
		return new SpringApplicationBuilder(RolloutApplication.class).profiles("rehearsal", "test").run(args);
	}

	private static String post(ProxmoxSite proxmox, String path, FormBody body) throws Exception {
		return call(proxmox, new Request.Builder().url(proxmox.url() + path).post(body));
	}

	private static String get(ProxmoxSite proxmox, String path) throws Exception {
		return call(proxmox, new Request.Builder().url(proxmox.url() + path));
	}

	private static String call(ProxmoxSite proxmox, Request.Builder request) throws Exception {
		OkHttpClient client = PinnedTls.client(proxmox.fingerprint());
		String secret = Files.readString(Path.of(proxmox.tokenSecretFile())).trim();
		request.header("Authorization", "PVEAPIToken=" + proxmox.tokenId() + "=" + secret);
		try (Response response = client.newCall(request.build()).execute()) {
			assertThat(response.code()).as(response.message()).isEqualTo(200);
			return response.body().string();
		}
	}

	private static java.util.Properties properties(Path file) throws Exception {
		java.util.Properties properties = new java.util.Properties();
		try (var in = Files.newInputStream(file)) {
			properties.load(in);
		}
		return properties;
	}

}
