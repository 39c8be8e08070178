package org.homelab.rollout.rehearsal.frontdoor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import org.homelab.rollout.frontdoor.Certificate;
import org.homelab.rollout.frontdoor.NginxServerBlocks;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.GuestCommand.Result;
import org.homelab.rollout.rehearsal.LabNetwork;
import org.homelab.rollout.rehearsal.frontdoor.FrontDoorBrowser.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where nginx is not installed the lab still serves the front door: the same site, the
 * same commands, the same answers over verified HTTPS as with the real nginx
 * ({@link FrontdoorLabTests}), from the simulated front door.
 */
class SimulatedFrontDoorTests {

	record Frontend(String name, int vmid, InetAddress address,
			Map<String, byte[]> files) implements GuestCommand.Guest {
	}

	@TempDir
	Path dir;

	FrontdoorLab frontdoor;

	HttpServer upstream;

	@AfterEach
	void stop() {
		if (this.frontdoor != null) {
			this.frontdoor.close();
		}
		if (this.upstream != null) {
			this.upstream.stop(0);
		}
	}

	@Test
	void aRenderedSiteIsServedBehindAutheliaAndABrokenOneIsNeverApplied() throws IOException {
		// the lab network is this test's now: a cached Spring context's lab (its Grafana
		// on 127.0.10.10:3000, its front door) stops listening
		LabNetwork.claim(this);
		InetAddress address = InetAddress.getByName("127.0.10.10");
		this.upstream = HttpServer.create(new InetSocketAddress(address, 3000), 8);
		this.upstream.createContext("/", exchange -> {
			byte[] body = ("grafana for " + exchange.getRequestHeaders().getFirst("Remote-User"))
				.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.upstream.start();
		this.frontdoor = new FrontdoorLab(this.dir, 110, "127.0.10.10", Contracts.locate(), false);
		Map<String, byte[]> files = new ConcurrentHashMap<>(this.frontdoor.seed());
		this.frontdoor.start(files, () -> files);
		Frontend guest = new Frontend("frontend", 110, address, files);
		FrontDoorBrowser browser = new FrontDoorBrowser(this.frontdoor.inventoryProperties());
		String domain = FrontdoorLabTests.GRAFANA.domain();

		assertThat(run(guest, "certbot", "certonly", "--non-interactive", "--agree-tos", "--cert-name", domain, "-d",
				domain, "--webroot", "-w", "/var/www/html")
			.exitCode()).isZero();
		String site = new NginxServerBlocks(Path.of("deploy/nginx"), "127.0.10.10", 9091)
			.render(FrontdoorLabTests.GRAFANA, Certificate.certbot(domain));
		files.put(FrontdoorLabTests.SITE, site.getBytes(StandardCharsets.UTF_8));
		assertThat(run(guest, "nginx", "-t").stderr())
			.endsWith("nginx: configuration file /etc/nginx/nginx.conf test is successful\n");
		assertThat(run(guest, "systemctl", "reload", "nginx").exitCode()).isZero();

		Page anonymous = browser.get("https://grafana.rehearsal.lan:8443/d/home", null);
		assertThat(anonymous.status()).isEqualTo(302);
		assertThat(anonymous.location())
			.startsWith("https://auth.rehearsal.lan:8443/?rd=https%3A%2F%2Fgrafana.rehearsal.lan%3A8443%2Fd%2Fhome");
		Page admin = browser.get("https://grafana.rehearsal.lan:8443/",
				this.frontdoor.session("alice", List.of("admins"), false));
		assertThat(admin.status()).isEqualTo(200);
		assertThat(admin.body()).isEqualTo("grafana for alice");
		assertThat(browser.get("https://grafana.rehearsal.lan:8443/", this.frontdoor.session("bob", List.of(), true))
			.status()).isEqualTo(403);
		Page plain = browser.get("http://grafana.rehearsal.lan:8080/login", null);
		assertThat(plain.status()).isEqualTo(301);
		assertThat(plain.location()).isEqualTo("https://grafana.rehearsal.lan/login");

		files.put(FrontdoorLabTests.SITE, (site + "}\n").getBytes(StandardCharsets.UTF_8));
		Result test = run(guest, "nginx", "-t");
		assertThat(test.exitCode()).isEqualTo(1);
		assertThat(test.stderr()).startsWith("nginx: [emerg] unexpected \"}\" in " + FrontdoorLabTests.SITE + ":");
		assertThat(run(guest, "systemctl", "reload", "nginx").exitCode()).isEqualTo(1);
		assertThat(this.frontdoor.nginxReloads()).isEqualTo(1);
		assertThat(browser.get("https://grafana.rehearsal.lan:8443/", null).status()).isEqualTo(302);
	}

	private Result run(Frontend guest, String... argv) {
		List<String> command = List.of(argv);
		assertThat(this.frontdoor.handles(command)).isTrue();
		return this.frontdoor.run(guest, command, "");
	}

}
