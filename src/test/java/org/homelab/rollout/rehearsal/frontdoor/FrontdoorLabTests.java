package org.homelab.rollout.rehearsal.frontdoor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLPeerUnverifiedException;

import com.sun.net.httpserver.HttpServer;
import org.homelab.rollout.frontdoor.AutheliaPolicy;
import org.homelab.rollout.frontdoor.Certificate;
import org.homelab.rollout.frontdoor.ExposedService;
import org.homelab.rollout.frontdoor.HomepageEntry;
import org.homelab.rollout.frontdoor.NginxServerBlocks;
import org.homelab.rollout.rehearsal.LabGuest.Exec;
import org.homelab.rollout.rehearsal.LabSettings;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.frontdoor.FrontDoorBrowser.Page;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The frontend as the engine's expose-service steps meet it: a site rendered from the
 * project's templates, written and checked through the guest agent, served by the real
 * nginx behind the simulated Authelia, reached over verified HTTPS.
 */
class FrontdoorLabTests {

	static final String SITE = "/etc/nginx/sites-enabled/rollout-grafana.conf";

	static final ExposedService GRAFANA = new ExposedService("grafana", "grafana.rehearsal.lan", "127.0.10.10", 3000,
			false, true, "10m", AutheliaPolicy.ONE_FACTOR, List.of("admins"),
			HomepageEntry.of("Monitoring", "grafana.png", "Dashboards"));

	@TempDir
	static Path labDir;

	static RehearsalLab lab;

	static HttpServer upstream;

	FrontendAgent agent;

	FrontDoorBrowser browser;

	@BeforeAll
	static void startLab() throws IOException {
		Tool.NGINX.require("the front door served by the real nginx (nginx -t, reload, HTTPS through it)");
		lab = new RehearsalLab(new LabSettings(0.001, 1, List.of(), 0, 0, 0, labDir)).start();
		// Grafana as the upstream: answers with who Authelia said the visitor is
		upstream = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.10.10"), 3000), 8);
		upstream.createContext("/", exchange -> {
			byte[] body = ("grafana for " + exchange.getRequestHeaders().getFirst("Remote-User"))
				.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		upstream.start();
	}

	@AfterAll
	static void stopLab() {
		if (upstream != null) {
			upstream.stop(0);
		}
		if (lab != null) {
			lab.close();
		}
	}

	@BeforeEach
	void freshFrontend() {
		lab.reset();
		this.agent = new FrontendAgent(lab);
		this.browser = new FrontDoorBrowser(lab.inventoryProperties());
	}

	@Test
	void aRenderedSiteIsServedBehindAutheliaOnceTestedAndReloaded() {
		assertThat(this.agent
			.exec("certbot", "certonly", "--non-interactive", "--agree-tos", "--cert-name", GRAFANA.domain(), "-d",
					GRAFANA.domain(), "--webroot", "-w", "/var/www/html")
			.out()).contains("Successfully received certificate");
		this.agent.write(SITE, site());
		Exec test = this.agent.exec("nginx", "-t");
		assertThat(test.exitCode()).as(test.err()).isZero();
		assertThat(test.err()).contains("nginx: configuration file /etc/nginx/nginx.conf test is successful");
		// before the reload nginx knows no such site: its default server's certificate is
		// not grafana's
		assertThatThrownBy(() -> this.browser.get("https://grafana.rehearsal.lan:8443/", null))
			.hasCauseInstanceOf(SSLPeerUnverifiedException.class);

		assertThat(this.agent.exec("systemctl", "reload", "nginx").exitCode()).isZero();

		assertThat(lab.frontdoor().nginxReloads()).isEqualTo(1);
		Page anonymous = this.browser.get("https://grafana.rehearsal.lan:8443/d/home?orgId=1", null);
		assertThat(anonymous.status()).isEqualTo(302);
		assertThat(anonymous.location())
			.startsWith("https://auth.rehearsal.lan:8443/?rd=https%3A%2F%2Fgrafana.rehearsal.lan");
		Page admin = this.browser.get("https://grafana.rehearsal.lan:8443/",
				lab.frontdoor().session("alice", List.of("admins"), false));
		assertThat(admin.status()).isEqualTo(200);
		assertThat(admin.body()).isEqualTo("grafana for alice");
		// the homelab's wildcard rule lets only admins in; everyone else meets default
		// deny
		assertThat(this.browser
			.get("https://grafana.rehearsal.lan:8443/", lab.frontdoor().session("bob", List.of("family"), true))
			.status()).isEqualTo(403);
		Page plain = this.browser.get("http://grafana.rehearsal.lan:8080/login", null);
		assertThat(plain.status()).isEqualTo(301);
		assertThat(plain.location()).isEqualTo("https://grafana.rehearsal.lan/login");
	}

	@Test
	void aBrokenSiteFailsNginxTestTheReloadIsRefusedAndTheOldConfigurationServes() {
		this.agent.exec("certbot", "certonly", "--non-interactive", "--agree-tos", "--cert-name", GRAFANA.domain(),
				"-d", GRAFANA.domain(), "--dns-rfc2136");
		this.agent.write(SITE, site());
		assertThat(this.agent.exec("systemctl", "reload", "nginx").exitCode()).isZero();
		String broken = site() + "}\n";
		int brokenLine = (int) broken.lines().count();

		// the step's script: keep the old file, write the new one, restore it if nginx -t
		// fails
		this.agent.sh("cp " + SITE + " /root/rollout-grafana.conf.bak");
		this.agent.write(SITE, broken);
		Exec test = this.agent.exec("nginx", "-t");
		assertThat(test.exitCode()).isEqualTo(1);
		assertThat(test.err()).contains("nginx: [emerg] unexpected \"}\" in " + SITE + ":" + brokenLine)
			.contains("nginx: configuration file /etc/nginx/nginx.conf test failed")
			.doesNotContain(labDir.toString());
		Exec reload = this.agent.exec("systemctl", "reload", "nginx");
		assertThat(reload.exitCode()).isEqualTo(1);
		assertThat(reload.err()).startsWith("Job for nginx.service failed");
		assertThat(lab.frontdoor().nginxReloads()).isEqualTo(1);
		assertThat(lab.frontdoor().nginxRunning()).isTrue();
		assertThat(this.browser.get("https://grafana.rehearsal.lan:8443/", null).status()).isEqualTo(302);

		assertThat(this.agent.sh("nginx -t -q || mv /root/rollout-grafana.conf.bak " + SITE).exitCode()).isZero();
		assertThat(lab.frontdoor().nginxSites()).containsEntry("rollout-grafana.conf", site());
		assertThat(this.agent.exec("nginx", "-t").exitCode()).isZero();
	}

	@Test
	void autheliaRefusesARuleWithoutDomainAndReadsItsFileOnlyAtRestart() {
		String config = this.agent.exec("cat", "/etc/authelia/configuration.yml").out();
		assertThat(this.agent.exec("authelia", "validate-config", "--config", "/etc/authelia/configuration.yml").out())
			.isEqualTo("Configuration parsed and loaded successfully without errors.\n");
		String withGrafana = config.replace("    - domain: '*.rehearsal.lan'",
				"    - domain: grafana.rehearsal.lan\n      policy: bypass\n    - domain: '*.rehearsal.lan'");
		this.agent.write("/etc/authelia/configuration.yml", withGrafana);
		assertThat(authz("https://grafana.rehearsal.lan/")).as("not before a restart").isEqualTo(401);
		assertThat(this.agent.exec("systemctl", "restart", "authelia").exitCode()).isZero();
		assertThat(authz("https://grafana.rehearsal.lan/")).isEqualTo(200);
		assertThat(lab.frontdoor().autheliaRules()).extracting(AccessRule::domains)
			.contains(List.of("grafana.rehearsal.lan"));

		this.agent.write("/etc/authelia/configuration.yml",
				config.replace("  rules:\n", "  rules:\n    - policy: one_factor\n      resources: ['^/api']\n"));
		Exec validate = this.agent.exec("authelia", "validate-config", "--config", "/etc/authelia/configuration.yml");
		assertThat(validate.exitCode()).isEqualTo(1);
		assertThat(validate.out())
			.contains("access_control: rule #1: option 'domain' or 'domain_regex' must be present but are both absent");
		assertThat(this.agent.exec("systemctl", "restart", "authelia").exitCode()).isEqualTo(1);
		assertThat(this.agent.exec("systemctl", "is-active", "authelia").out()).isEqualTo("failed\n");
		assertThat(lab.frontdoor().autheliaActive()).isFalse();
	}

	@Test
	void certbotIssuesOnceAndThePublishedInventoryNamesTheFrontDoor() {
		Map<String, Object> inventory = lab.inventoryProperties();
		assertThat(inventory).containsEntry("inventory.frontdoor.https-port", 8443)
			.containsEntry("inventory.frontdoor.http-port", 8080)
			.containsEntry("inventory.frontdoor.authelia-host", "127.0.10.10")
			.containsEntry("inventory.frontdoor.authelia-port", 9091);
		String[] certbot = { "certbot", "certonly", "--non-interactive", "--agree-tos", "--cert-name",
				"vault.rehearsal.lan", "-d", "vault.rehearsal.lan", "--webroot", "-w", "/var/www/html" };
		assertThat(this.agent.exec(certbot).out()).contains("/etc/letsencrypt/live/vault.rehearsal.lan/fullchain.pem");
		assertThat(this.agent.exec(certbot).out()).contains("Certificate not yet due for renewal");
		assertThat(this.agent.exec("test", "-f", "/etc/letsencrypt/live/vault.rehearsal.lan/privkey.pem").exitCode())
			.isZero();
		assertThat(lab.frontdoor().homepageServices()).contains("- Infrastructure:").contains("- Media:");
		assertThat(lab.frontdoor().nginxSites()).containsOnlyKeys("homelab.conf");
		assertThat(this.browser.get("https://home.rehearsal.lan:8443/", null).status())
			.as("Homepage is bypassed by Authelia; its container is not in the lab: nginx answers 502")
			.isEqualTo(502);
	}

	@Test
	void theFrontDoorGoesDownWithTheVm() {
		assertThat(lab.frontdoor().nginxRunning()).isTrue();
		assertThat(this.browser.get("https://home.rehearsal.lan:8443/", null).status()).isEqualTo(502);

		this.agent.powerOff();

		await().atMost(Duration.ofSeconds(30)).until(() -> !lab.frontdoor().nginxRunning());
		assertThat(lab.frontdoor().autheliaActive()).isFalse();
		assertThatThrownBy(() -> this.browser.get("https://home.rehearsal.lan:8443/", null))
			.hasCauseInstanceOf(ConnectException.class);
	}

	private int authz(String url) {
		try {
			var connection = (HttpURLConnection) URI.create("http://127.0.10.10:9091/api/authz/auth-request")
				.toURL()
				.openConnection();
			connection.setRequestProperty("X-Original-URL", url);
			connection.setRequestProperty("X-Original-Method", "GET");
			connection.setInstanceFollowRedirects(false);
			return connection.getResponseCode();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String site() {
		return new NginxServerBlocks(Path.of("deploy/nginx"), "127.0.10.10", 9091).render(GRAFANA,
				Certificate.certbot(GRAFANA.domain()));
	}

}
