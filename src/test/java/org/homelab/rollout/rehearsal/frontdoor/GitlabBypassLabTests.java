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
import org.homelab.rollout.frontdoor.AutheliaAccessControl;
import org.homelab.rollout.frontdoor.AutheliaPolicy;
import org.homelab.rollout.frontdoor.Certificate;
import org.homelab.rollout.frontdoor.ExposedService;
import org.homelab.rollout.frontdoor.FrontdoorProperties;
import org.homelab.rollout.frontdoor.HomepageEntry;
import org.homelab.rollout.frontdoor.NginxServerBlocks;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.GuestCommand.Result;
import org.homelab.rollout.rehearsal.LabNetwork;
import org.homelab.rollout.rehearsal.frontdoor.FrontDoorBrowser.Page;
import org.homelab.rollout.rehearsal.frontdoor.SimulatedFrontDoorTests.Frontend;
import org.homelab.rollout.support.Contract;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GitLab behind the front door as expose-service puts it: its site and its two Authelia
 * rules (bypass for the API and Git over HTTPS, one factor for the rest), through the
 * real nginx (its auth_request sends the original URI as X-Original-URL) and through the
 * simulated front door. Git and API clients carry GitLab tokens and cannot follow a
 * portal; a browser still meets Authelia.
 */
class GitlabBypassLabTests {

	static final String SITE = "/etc/nginx/sites-enabled/rollout-gitlab.conf";

	static final ExposedService GITLAB = new ExposedService("gitlab", "gitlab.rehearsal.lan", "127.0.10.10", 8929,
			false, true, "512m", AutheliaPolicy.ONE_FACTOR, List.of("admins"),
			HomepageEntry.of("Development", "gitlab.png", "Git and CI"),
			FrontdoorProperties.DEFAULT_BYPASS_PATHS.get("gitlab"), "/");

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

	@ParameterizedTest(name = "real nginx: {0}")
	@ValueSource(booleans = { true, false })
	void gitAndApiPathsPassWithoutASessionWhileTheRestMeetsTheLoginPortal(boolean realNginx) throws IOException {
		if (realNginx) {
			Tool.NGINX.require("GitLab's bypass through the real nginx's auth_request");
		}
		Contract.AUTHELIA.require("the Authelia rules of GitLab are");
		LabNetwork.claim(this);
		InetAddress address = InetAddress.getByName("127.0.10.10");
		// GitLab's upstream: says which path reached it and for whom
		this.upstream = HttpServer.create(new InetSocketAddress(address, 8929), 8);
		this.upstream.createContext("/", exchange -> {
			byte[] body = ("gitlab " + exchange.getRequestURI() + " for "
					+ exchange.getRequestHeaders().getFirst("Remote-User"))
				.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.upstream.start();
		Contracts contracts = Contracts.locate();
		this.frontdoor = new FrontdoorLab(this.dir, 110, "127.0.10.10", contracts, realNginx);
		Map<String, byte[]> files = new ConcurrentHashMap<>(this.frontdoor.seed());
		this.frontdoor.start(files, () -> files);
		Frontend guest = new Frontend("frontend", 110, address, files);
		expose(guest, files, new AutheliaAccessControl(contracts.autheliaSchema().orElseThrow()));
		FrontDoorBrowser browser = new FrontDoorBrowser(this.frontdoor.inventoryProperties());
		String gitlab = "https://gitlab.rehearsal.lan:8443";

		Page api = browser.get(gitlab + "/api/v4/version", null);
		assertThat(api.status()).isEqualTo(200);
		assertThat(api.body()).isEqualTo("gitlab /api/v4/version for null");
		Page refs = browser.get(gitlab + "/homelab/gitops.git/info/refs?service=git-upload-pack", null);
		assertThat(refs.status()).isEqualTo(200);
		assertThat(refs.body()).isEqualTo("gitlab /homelab/gitops.git/info/refs?service=git-upload-pack for null");
		assertThat(browser.get(gitlab + "/jwt/auth?service=container_registry", null).status()).isEqualTo(200);

		Page home = browser.get(gitlab + "/", null);
		assertThat(home.status()).isEqualTo(302);
		assertThat(home.location())
			.startsWith("https://auth.rehearsal.lan:8443/?rd=https%3A%2F%2Fgitlab.rehearsal.lan");
		// the regexes are anchored: a path or query that only mentions them is guarded
		assertThat(browser.get(gitlab + "/homelab/gitops", null).status()).isEqualTo(302);
		assertThat(browser.get(gitlab + "/explore?next=/api/v4/", null).status()).isEqualTo(302);
		assertThat(browser.get(gitlab + "/search?q=x.git/info/refs", null).status()).isEqualTo(302);
		Page admin = browser.get(gitlab + "/", this.frontdoor.session("alice", List.of("admins"), false));
		assertThat(admin.status()).isEqualTo(200);
		assertThat(admin.body()).isEqualTo("gitlab / for alice");
	}

	/** What expose-service's stage and apply do on the frontend, for GitLab. */
	private void expose(Frontend guest, Map<String, byte[]> files, AutheliaAccessControl authelia) {
		assertThat(run(guest, "certbot", "certonly", "--non-interactive", "--agree-tos", "--cert-name", GITLAB.domain(),
				"-d", GITLAB.domain(), "--webroot", "-w", "/var/www/html")
			.exitCode()).isZero();
		files.put(SITE,
				new NginxServerBlocks(Path.of("deploy/nginx"), "127.0.10.10", 9091)
					.render(GITLAB, Certificate.certbot(GITLAB.domain()))
					.getBytes(StandardCharsets.UTF_8));
		String configuration = new String(files.get(FrontendSeed.AUTHELIA_CONF), StandardCharsets.UTF_8);
		files.put(FrontendSeed.AUTHELIA_CONF, authelia.add(configuration, GITLAB).getBytes(StandardCharsets.UTF_8));
		Result validate = run(guest, "authelia", "validate-config", "--config", FrontendSeed.AUTHELIA_CONF);
		assertThat(validate.exitCode()).as(validate.stdout()).isZero();
		assertThat(run(guest, "systemctl", "restart", "authelia").exitCode()).isZero();
		// bypass first: Authelia applies the first rule that matches
		assertThat(this.frontdoor.autheliaRules()).filteredOn(rule -> rule.domains().contains(GITLAB.domain()))
			.extracting(AccessRule::policy)
			.containsExactly("bypass", "one_factor");
		Result test = run(guest, "nginx", "-t");
		assertThat(test.exitCode()).as(test.stderr()).isZero();
		assertThat(run(guest, "systemctl", "reload", "nginx").exitCode()).isZero();
	}

	private Result run(Frontend guest, String... argv) {
		List<String> command = List.of(argv);
		assertThat(this.frontdoor.handles(command)).isTrue();
		return this.frontdoor.run(guest, command, "");
	}

}
