package org.homelab.rollout.frontdoor;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A service's Homepage entry, edited into a services.yaml as a homelab keeps it. */
class HomepageServicesTests {

	static final String SERVICES = """
			---
			# Homepage of the homelab
			- Media:
			    - PhotoPrism:
			        href: https://photos.home.example/
			        icon: photoprism.png
			        description: Family photos
			- AI:
			    - Open WebUI:
			        icon: open-webui.png
			        href: https://chat.home.example/
			    - Ollama:
			        href: http://192.168.1.31:11434/   # no UI of its own

			# more to come
			""";

	private final HomepageServices homepage = new HomepageServices();

	@Test
	void aServiceOfANewGroupAddsTheGroupAtTheEndAndUndoRemovesBoth() {
		String added = this.homepage.add(SERVICES, FrontdoorServices.GRAFANA);
		assertThat(added).startsWith(SERVICES);
		List<Map<String, List<Map<String, Map<String, Object>>>>> groups = groups(added);
		assertThat(groups).hasSize(3);
		assertThat(groups.get(2)).containsOnlyKeys("Monitoring");
		assertThat(groups.get(2).get("Monitoring")).containsExactly(
				Map.of("grafana", Map.of("href", "https://grafana.home.example/", "icon", "grafana.png", "description",
						"Dashboards", "widget", Map.of("type", "grafana", "url", "http://192.168.1.40:3000"))));
		assertThat(this.homepage.remove(added, FrontdoorServices.GRAFANA)).isEqualTo(SERVICES);
	}

	@Test
	void aServiceOfAnExistingGroupJoinsItsListAndTheOtherEntriesStayAsTheyWere() {
		ExposedService chat = new ExposedService("llm-gateway", "llm.home.example", "192.168.1.32", 4000, false, true,
				"1m", AutheliaPolicy.ONE_FACTOR, List.of(), HomepageEntry.of("AI", "mdi-robot", "Models: one door"));
		String added = this.homepage.add(SERVICES, chat);
		List<Map<String, List<Map<String, Map<String, Object>>>>> before = groups(SERVICES);
		List<Map<String, List<Map<String, Map<String, Object>>>>> after = groups(added);
		assertThat(after.get(0)).isEqualTo(before.get(0));
		assertThat(after.get(1).get("AI")).hasSize(3).startsWith(before.get(1).get("AI").toArray(Map[]::new));
		assertThat(after.get(1).get("AI").get(2)).containsOnlyKeys("llm-gateway");
		assertThat(added)
			.contains("        href: http://192.168.1.31:11434/   # no UI of its own\n    - llm-gateway:\n");
		assertThat(this.homepage.remove(added, chat)).isEqualTo(SERVICES);
	}

	@Test
	void anEmptyFileGetsTheFirstGroup() {
		String added = this.homepage.add("", FrontdoorServices.VAULT);
		assertThat(groups(added)).containsExactly(Map.of("Security", List.of(Map.of("vault",
				Map.of("href", "https://vault.home.example/", "icon", "vault.png", "description", "Secrets")))));
		assertThat(this.homepage.remove(added, FrontdoorServices.VAULT)).isEmpty();
	}

	@Test
	void aFileWithoutALastLineEndIsGivenBackAsItWas() {
		String unended = SERVICES.substring(0, SERVICES.indexOf("\n\n# more"));
		String newGroup = this.homepage.add(unended, FrontdoorServices.GRAFANA);
		assertThat(groups(newGroup)).hasSize(3);
		assertThat(this.homepage.remove(newGroup, FrontdoorServices.GRAFANA)).isEqualTo(unended);
		ExposedService ollamaUi = new ExposedService("ollama-ui", "ollama.home.example", "192.168.1.31", 8080, false,
				false, "1m", AutheliaPolicy.ONE_FACTOR, List.of(), HomepageEntry.of("AI", "ollama.png", "Chat"));
		String sameGroup = this.homepage.add(unended, ollamaUi);
		assertThat(groups(sameGroup).get(1).get("AI")).hasSize(3);
		assertThat(this.homepage.remove(sameGroup, ollamaUi)).isEqualTo(unended);
	}

	@Test
	void aServiceAlreadyListedIsNotListedTwice() {
		String added = this.homepage.add(SERVICES, FrontdoorServices.GRAFANA);
		assertThatThrownBy(() -> this.homepage.add(added, FrontdoorServices.GRAFANA))
			.isInstanceOf(FrontdoorConfigurationException.class)
			.hasMessageContaining("already lists grafana under Monitoring");
	}

	@Test
	void removingAServiceThatIsNotListedChangesNothing() {
		assertThat(this.homepage.remove(SERVICES, FrontdoorServices.GRAFANA)).isSameAs(SERVICES);
	}

	@Test
	void aFileNotInHomepagesShapeIsRefused() {
		assertThatThrownBy(() -> this.homepage.add("services:\n  - a\n", FrontdoorServices.GRAFANA))
			.hasMessageContaining("is not a list of groups");
		assertThatThrownBy(() -> this.homepage.add("- Media: []\n  AI: []\n", FrontdoorServices.GRAFANA))
			.hasMessageContaining("line 1 is not a one-key map");
		assertThatThrownBy(() -> this.homepage.add("- Media:\n    - [\n", FrontdoorServices.GRAFANA))
			.hasMessageContaining("is not valid YAML");
	}

	private static List<Map<String, List<Map<String, Map<String, Object>>>>> groups(String services) {
		return new Yaml().load(services);
	}

}
