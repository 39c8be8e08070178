package org.homelab.rollout.frontdoor;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inventory's front door is checked when it binds: a value that would escape its file
 * on the frontend stops the start-up naming the property.
 */
class FrontdoorPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Binding.class);

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			nginx-sites                | /etc/nginx/../../root
			authelia-configuration     | etc/authelia/configuration.yml
			homepage-services          | /opt/homepage/services.yaml;reboot
			certbot-arguments[0]       | --dns-cloudflare;curl
			domain                     | Home Lab
			authelia-host              | 127.0.0.1:9091
			groups[0]                  | admins}
			bypass-paths.gitlab[0]     | ^/api/(v4
			bypass-paths.gitlab[0]     | ^/(?!users/sign_in)
			bypass-paths.grafana[0]    | ^/(api)/\\1
			""")
	void aValueThatWouldEscapeItsFileStopsTheStartUpNamingTheProperty(String property, String value) {
		this.runner.withPropertyValues("inventory.frontdoor." + property + "=" + value).run(context -> {
			assertThat(context).hasFailed();
			StringBuilder messages = new StringBuilder();
			for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
				messages.append(t.getMessage()).append('\n');
			}
			assertThat(messages).contains("inventory.frontdoor." + property);
		});
	}

	@ParameterizedTest(name = "certificates={0}")
	@CsvSource({ "certbot, CERTBOT", "homelab-ca, HOMELAB_CA" })
	void theDefaultsBindAndTheCertificateMethodReadsAsWritten(String written, String method) {
		this.runner.withPropertyValues("inventory.frontdoor.certificates=" + written).run(context -> {
			assertThat(context).hasNotFailed();
			FrontdoorProperties frontdoor = context.getBean(FrontdoorProperties.class);
			assertThat(frontdoor.certificates()).hasToString(method);
			assertThat(frontdoor.nginxSites()).isEqualTo("/etc/nginx/sites-enabled");
			assertThat(frontdoor.httpsPort()).isEqualTo(443);
		});
	}

	@Test
	void aServiceTheFrontDoorDoesNotKnowStopsTheStartUpNamingTheProperty() {
		this.runner.withPropertyValues("inventory.frontdoor.bypass-paths.gitlabb[0]=^/api/").run(context -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure()))
				.contains("inventory.frontdoor.bypass-paths.gitlabb refused: the front door knows only the services");
		});
	}

	@Test
	void gitlabsApiAndGitPathsBypassByDefaultAndTheInventoryMayChangeOrEmptyThem() {
		List<String> argocd = List.of("^/api/");
		this.runner.run(context -> assertThat(context.getBean(FrontdoorProperties.class).bypassPaths())
			.isEqualTo(FrontdoorProperties.DEFAULT_BYPASS_PATHS)
			.containsOnlyKeys("gitlab", "argocd"));
		this.runner.withPropertyValues("inventory.frontdoor.bypass-paths.gitlab=")
			.run(context -> assertThat(context.getBean(FrontdoorProperties.class).bypassPaths())
				.isEqualTo(Map.of("gitlab", List.of(), "argocd", argocd)));
		this.runner
			.withPropertyValues("inventory.frontdoor.bypass-paths.grafana[0]=^/api/health$",
					"inventory.frontdoor.bypass-paths.gitlab[0]=^/api/v4/")
			.run(context -> assertThat(context.getBean(FrontdoorProperties.class).bypassPaths()).isEqualTo(
					Map.of("gitlab", List.of("^/api/v4/"), "grafana", List.of("^/api/health$"), "argocd", argocd)));
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			messages.append(t.getMessage()).append('\n');
		}
		return messages.toString();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(FrontdoorProperties.class)
	static class Binding {

	}

}
