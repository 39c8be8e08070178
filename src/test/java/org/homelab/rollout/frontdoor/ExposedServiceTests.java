package org.homelab.rollout.frontdoor;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ExposedServiceTests {

	private static final HomepageEntry HOMEPAGE = HomepageEntry.of("Monitoring", "grafana.png", "Dashboards");

	static Stream<Arguments> badInput() {
		return Stream.of(refused("name", () -> service("grafana\nserver", "grafana.home.example", "192.168.1.40")),
				refused("name", () -> service("Grafana UI", "grafana.home.example", "192.168.1.40")),
				refused("domain", () -> service("grafana", "grafana.home.example;", "192.168.1.40")),
				refused("domain", () -> service("grafana", "grafana.home.example { }", "192.168.1.40")),
				refused("domain", () -> service("grafana", "grafana.home.example\n", "192.168.1.40")),
				refused("domain", () -> service("grafana", "grafana_home.example", "192.168.1.40")),
				refused("domain", () -> service("grafana", "-grafana.home.example", "192.168.1.40")),
				refused("upstreamHost", () -> service("grafana", "grafana.home.example", "192.168.1.40 backup")),
				refused("upstreamHost", () -> service("grafana", "grafana.home.example", "'192.168.1.40'")),
				refused("upstreamPort", () -> withPort(0)), refused("upstreamPort", () -> withPort(65536)),
				refused("maxBodySize", () -> withBodySize("1m;")), refused("maxBodySize", () -> withBodySize("big")),
				refused("groups[1]", () -> withGroups(List.of("admins", "admins\"; deny"))),
				refused("certificate", () -> Certificate.homelabCa("/etc/ssl/../shadow", "/etc/ssl/key.pem")),
				refused("certificate", () -> Certificate.homelabCa("certs/cert.pem", "/etc/ssl/key.pem")),
				refused("certificateKey", () -> Certificate.homelabCa("/etc/ssl/cert.pem", "/etc/ssl/key.pem;")),
				refused("homepage.description", () -> HomepageEntry.of("Monitoring", "grafana.png", "a\nb")),
				refused("homepage.group", () -> HomepageEntry.of("Monitoring\"", "grafana.png", "Dashboards")),
				refused("homepage.icon", () -> HomepageEntry.of("Monitoring", "../grafana.png", "Dashboards")),
				refused("homepage.widget", () -> HOMEPAGE.withWidget("grafana", null)),
				refused("bypassResources[1]", () -> withBypass(AutheliaPolicy.ONE_FACTOR, List.of("^/api/", "^/(v4"))),
				refused("bypassResources[0]", () -> withBypass(AutheliaPolicy.ONE_FACTOR, List.of("^/api\n/"))),
				refused("bypassResources[0]", () -> withBypass(AutheliaPolicy.ONE_FACTOR, List.of("^/(?=api)"))),
				refused("bypassResources", () -> withBypass(AutheliaPolicy.BYPASS, List.of("^/api/"))),
				refused("probePath",
						() -> new ExposedService("grafana", "grafana.home.example", "192.168.1.40", 3000, false, false,
								"1m", AutheliaPolicy.ONE_FACTOR, List.of(), HOMEPAGE, List.of(), "v2/")),
				refused("policy", () -> new ExposedService("grafana", "grafana.home.example", "192.168.1.40", 3000,
						false, false, "1m", null, List.of(), HOMEPAGE)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badInput")
	void badInputIsRefusedNamingTheField(String field, Supplier<Object> construction) {
		assertThatIllegalArgumentException().isThrownBy(construction::get)
			.withMessageStartingWith(field + " ")
			.satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("\n"));
	}

	private static ExposedService withBypass(AutheliaPolicy policy, List<String> resources) {
		return new ExposedService("gitlab", "gitlab.home.example", "192.168.1.42", 80, false, true, "512m", policy,
				List.of(), HOMEPAGE, resources, "/");
	}

	private static Arguments refused(String field, Supplier<Object> construction) {
		return Arguments.of(field, construction);
	}

	private static ExposedService service(String name, String domain, String upstreamHost) {
		return new ExposedService(name, domain, upstreamHost, 3000, false, false, "1m", AutheliaPolicy.ONE_FACTOR,
				List.of("admins"), HOMEPAGE);
	}

	private static ExposedService withPort(int port) {
		return new ExposedService("grafana", "grafana.home.example", "192.168.1.40", port, false, false, "1m",
				AutheliaPolicy.ONE_FACTOR, List.of(), HOMEPAGE);
	}

	private static ExposedService withBodySize(String size) {
		return new ExposedService("grafana", "grafana.home.example", "192.168.1.40", 3000, false, false, size,
				AutheliaPolicy.ONE_FACTOR, List.of(), HOMEPAGE);
	}

	private static ExposedService withGroups(List<String> groups) {
		return new ExposedService("grafana", "grafana.home.example", "192.168.1.40", 3000, false, false, "1m",
				AutheliaPolicy.ONE_FACTOR, groups, HOMEPAGE);
	}

}
