package org.homelab.rollout.frontdoor;

import java.nio.file.Files;
import java.nio.file.Path;

import org.homelab.rollout.tools.ToolResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NginxServerBlocksTests {

	static final Path TEMPLATES = Path.of("deploy/nginx");

	private final NginxServerBlocks blocks = new NginxServerBlocks(TEMPLATES, "192.168.1.10", 9091);

	@Test
	void everyServiceOfTheRolloutPassesNginxTestBesideTheExistingSite(@TempDir Path dir) throws Exception {
		NginxCheck.assumeInstalled();
		NginxCheck nginx = new NginxCheck(dir);
		for (ExposedService service : FrontdoorServices.ALL) {
			nginx.site(NginxServerBlocks.fileName(service),
					this.blocks.render(service, nginx.certificateFor(service.domain())));
		}
		ToolResult result = nginx.test();
		assertThat(result.succeeded()).as(result.output()).isTrue();
		assertThat(result.output()).contains("test is successful");
	}

	@Test
	void aBrokenTemplateIsCaughtByNginxTestWithNginxsMessage(@TempDir Path dir) throws Exception {
		NginxCheck.assumeInstalled();
		Path templates = Files.createDirectories(dir.resolve("templates"));
		try (var files = Files.list(TEMPLATES)) {
			for (Path file : files.toList()) {
				Files.copy(file, templates.resolve(file.getFileName()));
			}
		}
		Path server = templates.resolve("server.conf.template");
		// a lost semicolon: the kind of slip a template edit makes
		Files.writeString(server,
				Files.readString(server).replace("proxy_http_version 1.1;", "proxy_http_version 1.1"));
		NginxCheck nginx = new NginxCheck(dir.resolve("frontend"));
		nginx.site("rollout-grafana.conf", new NginxServerBlocks(templates, "192.168.1.10", 9091)
			.render(FrontdoorServices.GRAFANA, nginx.certificateFor("grafana.home.example")));
		ToolResult result = nginx.test();
		assertThat(result.succeeded()).isFalse();
		assertThat(result.output()).contains("[emerg]", "rollout-grafana.conf", "test failed");
	}

	@Test
	void guardedServicesAskAutheliaAndSendTheUnauthenticatedToItsPortal() {
		String grafana = this.blocks.render(FrontdoorServices.GRAFANA, Certificate.certbot("grafana.home.example"));
		assertThat(grafana).contains("proxy_pass http://192.168.1.10:9091/api/authz/auth-request;",
				"auth_request /internal/authelia/authz;", "auth_request_set $redirection_url $upstream_http_location;",
				"error_page 401 =302 $redirection_url;", "return 301 https://$host$request_uri;",
				"server_name grafana.home.example;", "proxy_pass http://192.168.1.40:3000;");
		String gitlab = this.blocks.render(FrontdoorServices.GITLAB, Certificate.certbot("gitlab.home.example"));
		assertThat(gitlab).doesNotContain("auth_request", "authelia/authz");
	}

	@Test
	void certbotCertificatesAreReadFromTheirLiveDirectory() {
		String vault = this.blocks.render(FrontdoorServices.VAULT, Certificate.certbot("vault.home.example"));
		assertThat(vault).contains("ssl_certificate /etc/letsencrypt/live/vault.home.example/fullchain.pem;",
				"ssl_certificate_key /etc/letsencrypt/live/vault.home.example/privkey.pem;",
				"proxy_pass https://192.168.1.41:8200;");
	}

	@Test
	void websocketsAndBodySizeOnlyWhereTheServiceNeedsThem() {
		Certificate certificate = Certificate.homelabCa("/etc/ssl/homelab/cert.pem", "/etc/ssl/homelab/key.pem");
		String registry = this.blocks.render(FrontdoorServices.REGISTRY, certificate);
		assertThat(registry).contains("client_max_body_size 0;").doesNotContain("Upgrade", "map $http_upgrade");
		String argocd = this.blocks.render(FrontdoorServices.ARGOCD, certificate);
		assertThat(argocd).contains("map $http_upgrade $connection_upgrade_argocd {",
				"proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $connection_upgrade_argocd;",
				"ssl_certificate /etc/ssl/homelab/cert.pem;");
		assertThat(registry).doesNotContain("{{");
	}

	@Test
	void aPlaceholderTheRendererDoesNotKnowFailsTheRendering(@TempDir Path dir) throws Exception {
		try (var files = Files.list(TEMPLATES)) {
			for (Path file : files.toList()) {
				Files.copy(file, dir.resolve(file.getFileName()));
			}
		}
		Files.writeString(dir.resolve("server.conf.template"), "server_name {{domain}} {{port}};\n");
		assertThatThrownBy(() -> new NginxServerBlocks(dir, "192.168.1.10", 9091).render(FrontdoorServices.GRAFANA,
				Certificate.certbot("grafana.home.example")))
			.hasMessageContaining("{{port}}");
	}

}
