package org.homelab.rollout.frontdoor;

import java.util.List;
import java.util.Map;

import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Authelia rule of a service, edited into a configuration.yml as a homelab keeps it
 * (comments, quoting, a list-valued domain, a regex rule) and checked against Authelia's
 * published configuration schema.
 */
class AutheliaAccessControlTests {

	static final String CONFIGURATION = """
			# Authelia of the homelab
			theme: light
			server:
			  address: 'tcp://:9091/'
			access_control:
			  default_policy: deny
			  networks:
			    - name: internal
			      networks:
			        - 192.168.1.0/24
			  rules:
			    # the portal itself
			    - domain: 'auth.home.example'
			      policy: bypass
			    - domain:
			        - "photos.home.example"
			      policy: one_factor
			      subject: ['group:family']   # family photos
			    - domain_regex: '^ollama\\.home\\.example$'
			      policy: two_factor
			      networks:
			        - internal

			# sessions for the whole home domain
			session:
			  cookies:
			    - domain: home.example
			      authelia_url: https://auth.home.example
			""";

	private static AutheliaAccessControl authelia;

	@BeforeAll
	static void schema() {
		Contract.AUTHELIA.require("the Authelia rules the front door writes are");
		authelia = new AutheliaAccessControl(Contract.located().dir().resolve("authelia-configuration-schema.json"));
	}

	@Test
	void theServicesRuleIsAddedAfterTheOthersWhichKeepEveryByte() {
		String added = authelia.add(CONFIGURATION, FrontdoorServices.ARGOCD);
		String rule = """
				    - domain: 'argocd.home.example'
				      policy: two_factor
				      subject:
				        - 'group:admins'
				        - 'group:developers'
				""";
		int end = CONFIGURATION.indexOf("\n# sessions") - 1;
		assertThat(added).isEqualTo(CONFIGURATION.substring(0, end + 1) + rule + CONFIGURATION.substring(end + 1));
		assertThat(rules(added)).hasSize(4)
			.last()
			.isEqualTo(Map.of("domain", "argocd.home.example", "policy", "two_factor", "subject",
					List.of("group:admins", "group:developers")));
	}

	@Test
	void theRuleGoesBeforeAWildcardThatWouldOtherwiseDecideForTheService() {
		String wildcard = CONFIGURATION.replace("""
				      networks:
				        - internal
				""", """
				      networks:
				        - internal
				    - domain: '*.home.example'
				      policy: one_factor
				""");
		String added = authelia.add(wildcard, FrontdoorServices.GRAFANA);
		assertThat(rules(added)).extracting(rule -> rule.get("domain"))
			.containsExactly("auth.home.example", List.of("photos.home.example"), null, "grafana.home.example",
					"*.home.example");
		assertThat(authelia.remove(added, "grafana.home.example")).isEqualTo(wildcard);
		// a regex matching the domain decides first too
		String regex = CONFIGURATION.replace("'^ollama\\.home\\.example$'", "'^(ollama|grafana)\\.home\\.example$'");
		assertThat(rules(authelia.add(regex, FrontdoorServices.GRAFANA))).element(2)
			.extracting(rule -> rule.get("domain"))
			.isEqualTo("grafana.home.example");
	}

	@Test
	void undoGivesTheFileBackByteForByte() {
		String added = authelia.add(CONFIGURATION, FrontdoorServices.GRAFANA);
		assertThat(added).isNotEqualTo(CONFIGURATION);
		assertThat(authelia.remove(added, "grafana.home.example")).isEqualTo(CONFIGURATION);
	}

	@Test
	void aSecondRunReplacesItsRuleInsteadOfAddingAnother() {
		String once = authelia.add(CONFIGURATION, FrontdoorServices.GRAFANA);
		String twice = authelia.add(once, FrontdoorServices.GRAFANA);
		assertThat(twice).isEqualTo(once);
		// the photos rule names its domain in a list: it is still that domain's rule
		String photos = authelia.add(CONFIGURATION, withDomain("photos.home.example"));
		assertThat(rules(photos)).hasSize(3)
			.element(1)
			.isEqualTo(Map.of("domain", "photos.home.example", "policy", "two_factor", "subject",
					List.of("group:admins")));
		assertThat(photos).contains("# the portal itself", "domain_regex: '^ollama\\.home\\.example$'");
	}

	@Test
	void aBypassRuleCarriesNoSubjectWhichAutheliaWouldRefuse() {
		String added = authelia.add(CONFIGURATION, FrontdoorServices.GITLAB);
		assertThat(rules(added)).last().isEqualTo(Map.of("domain", "gitlab.home.example", "policy", "bypass"));
	}

	@Test
	void removingARuleThatIsNotThereChangesNothing() {
		assertThat(authelia.remove(CONFIGURATION, "grafana.home.example")).isSameAs(CONFIGURATION);
	}

	@Test
	void aRuleOutsideTheSchemaIsRefused() {
		String typo = CONFIGURATION.replace("      policy: bypass\n", "      policy: bypass\n      methds: [GET]\n");
		assertThatThrownBy(() -> authelia.validate(typo)).isInstanceOf(FrontdoorConfigurationException.class)
			.hasMessageContaining("access_control.rules[0]: property 'methds' is not defined in the schema");
		String badPolicy = CONFIGURATION.replace("policy: one_factor", "policy: allow");
		assertThatThrownBy(() -> authelia.add(badPolicy, FrontdoorServices.GRAFANA))
			.isInstanceOf(FrontdoorConfigurationException.class)
			.hasMessageContaining("access_control.rules[1].policy");
	}

	@Test
	void aRuleWithNeitherDomainNorDomainRegexIsRefusedAsAutheliaDoes() {
		String noDomain = CONFIGURATION.replace("    - domain: 'auth.home.example'\n      policy: bypass\n",
				"    - policy: bypass\n");
		assertThatThrownBy(() -> authelia.validate(noDomain))
			.hasMessageContaining("option 'domain' or 'domain_regex' must be present but are both absent");
	}

	@Test
	void aConfigurationWithoutARuleListIsRefusedRatherThanRestructured() {
		String none = CONFIGURATION.substring(0, CONFIGURATION.indexOf("  rules:"));
		assertThatThrownBy(() -> authelia.add(none, FrontdoorServices.GRAFANA))
			.hasMessageContaining("no block list access_control.rules");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rules(String configuration) {
		Map<String, Object> root = new Yaml().load(configuration);
		return (List<Map<String, Object>>) ((Map<String, Object>) root.get("access_control")).get("rules");
	}

	private static ExposedService withDomain(String domain) {
		ExposedService grafana = FrontdoorServices.GRAFANA;
		return new ExposedService(grafana.name(), domain, grafana.upstreamHost(), grafana.upstreamPort(), false, false,
				"1m", AutheliaPolicy.TWO_FACTOR, List.of("admins"), grafana.homepage());
	}

}
