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
	void aServiceWithBypassPathsGetsItsBypassRuleFirstThenItsGuardedRule() {
		String added = authelia.add(CONFIGURATION, FrontdoorServices.GITLAB_WITH_BYPASS);
		String rules = """
				    - domain: 'gitlab.home.example'
				      policy: bypass
				      resources:
				        - '^/api/'
				        - '^/[^?]*\\.git/(info/refs|git-upload-pack|git-receive-pack)([?]|$)'
				        - '^/[^?]*\\.git/info/lfs/'
				        - '^/jwt/auth([?]|$)'
				    - domain: 'gitlab.home.example'
				      policy: one_factor
				      subject:
				        - 'group:admins'
				""";
		int end = CONFIGURATION.indexOf("\n# sessions") - 1;
		assertThat(added).isEqualTo(CONFIGURATION.substring(0, end + 1) + rules + CONFIGURATION.substring(end + 1));
		assertThat(rules(added)).hasSize(5)
			.element(3)
			.isEqualTo(Map.of("domain", "gitlab.home.example", "policy", "bypass", "resources",
					FrontdoorProperties.DEFAULT_BYPASS_PATHS.get("gitlab")));
		// before a wildcard that would otherwise decide for GitLab, both of them
		String wildcard = CONFIGURATION.replace("    # the portal itself\n",
				"    # the portal itself\n    - domain: '*.home.example'\n      policy: two_factor\n");
		assertThat(rules(authelia.add(wildcard, FrontdoorServices.GITLAB_WITH_BYPASS)))
			.extracting(rule -> rule.get("domain") + " " + rule.get("policy"))
			.containsExactly("gitlab.home.example bypass", "gitlab.home.example one_factor",
					"*.home.example two_factor", "auth.home.example bypass", "[photos.home.example] one_factor",
					"null two_factor");
	}

	@Test
	void theRulePairIsReplacedWholeAndRemovedWholeLeavingTheOtherRulesByteForByte() {
		String once = authelia.add(CONFIGURATION, FrontdoorServices.GITLAB_WITH_BYPASS);
		assertThat(authelia.add(once, FrontdoorServices.GITLAB_WITH_BYPASS)).isEqualTo(once);
		assertThat(authelia.remove(once, "gitlab.home.example")).isEqualTo(CONFIGURATION);
		// the inventory's paths changed: the bypass rule is replaced, not joined by
		// another
		String changed = authelia.add(once, withBypass(List.of("^/api/v4/")));
		assertThat(rules(changed)).hasSize(5)
			.filteredOn(rule -> "bypass".equals(rule.get("policy")) && rule.containsKey("resources"))
			.singleElement()
			.isEqualTo(Map.of("domain", "gitlab.home.example", "policy", "bypass", "resources", List.of("^/api/v4/")));
		assertThat(authelia.remove(changed, "gitlab.home.example")).isEqualTo(CONFIGURATION);
		// the bypass turned off: the guarded rule alone is left
		String off = authelia.add(changed, withBypass(List.of()));
		assertThat(off).isEqualTo(authelia.add(CONFIGURATION, withBypass(List.of())));
		assertThat(rules(off)).hasSize(4);
	}

	@Test
	void aQuoteInABypassPathIsDoubledAsYamlSingleQuotesWant() {
		String added = authelia.add(CONFIGURATION, withBypass(List.of("^/it's/")));
		assertThat(added).contains("- '^/it''s/'");
		assertThat(rules(added).get(3).get("resources")).isEqualTo(List.of("^/it's/"));
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

	private static ExposedService withBypass(List<String> resources) {
		ExposedService gitlab = FrontdoorServices.GITLAB_WITH_BYPASS;
		return new ExposedService(gitlab.name(), gitlab.domain(), gitlab.upstreamHost(), gitlab.upstreamPort(), false,
				true, "512m", gitlab.policy(), gitlab.groups(), gitlab.homepage(), resources, "/");
	}

	private static ExposedService withDomain(String domain) {
		ExposedService grafana = FrontdoorServices.GRAFANA;
		return new ExposedService(grafana.name(), domain, grafana.upstreamHost(), grafana.upstreamPort(), false, false,
				"1m", AutheliaPolicy.TWO_FACTOR, List.of("admins"), grafana.homepage());
	}

}
