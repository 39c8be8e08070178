package org.homelab.rollout.rehearsal.kubernetes;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContractCrdsTests {

	@BeforeAll
	static void crds() {
		Contract.CRDS.require("reading the CRDs and admitting custom resources as the API server does is");
	}

	private static final ContractCrds CRDS = ContractCrds.load(Contracts.locate());

	private static ObjectNode json(String text) throws Exception {
		return (ObjectNode) ContractCrds.json().readTree(text.replace('\'', '"'));
	}

	private static CrdSchema helmCharts() {
		return CRDS.find("helm.cattle.io", "v1", "helmcharts").orElseThrow();
	}

	@Test
	void loadsEveryServedVersionOfTheContractCrds() {
		assertThat(CRDS.definitions()).hasSize(6);
		assertThat(CRDS.find("external-secrets.io", "v1", "clustersecretstores")).get()
			.satisfies(s -> assertThat(s.namespaced()).isFalse());
		assertThat(CRDS.find("argoproj.io", "v1alpha1", "applications")).isPresent();
		assertThat(CRDS.find("argoproj.io", "v1alpha1", "appprojects")).isPresent();
	}

	@Test
	void refusesABooleanInSpecSetAsTheApiServerWordsIt() throws Exception {
		ObjectNode chart = json("{'apiVersion':'helm.cattle.io/v1','kind':'HelmChart','metadata':{'name':'x'},"
				+ "'spec':{'chart':'x','set':{'foo':true,'n':3,'s':'a'}}}");
		List<FieldError> errors = helmCharts().admit(chart);
		assertThat(errors).extracting(FieldError::line)
			.containsExactly(
					"spec.set.foo: Invalid value: \"boolean\": spec.set.foo in body must be of type integer,string: \"boolean\"");
	}

	@Test
	void refusesUnsupportedEnumValuesAndWrongTypes() throws Exception {
		ObjectNode chart = json("{'apiVersion':'helm.cattle.io/v1','kind':'HelmChart','metadata':{'name':'x'},"
				+ "'spec':{'chart':'x','failurePolicy':'explode','backOffLimit':'two'}}");
		assertThat(helmCharts().admit(chart)).extracting(FieldError::line)
			.containsExactlyInAnyOrder(
					"spec.failurePolicy: Unsupported value: \"explode\": supported values: \"abort\", \"reinstall\", \"retry\"",
					"spec.backOffLimit: Invalid value: \"string\": spec.backOffLimit in body must be of type integer: \"string\"");
	}

	@Test
	void prunesUnknownFieldsAndAppliesDefaultsButKeepsPreservedValues() throws Exception {
		ObjectNode chart = json("{'apiVersion':'helm.cattle.io/v1','kind':'HelmChart','metadata':{'name':'x'},"
				+ "'spec':{'chart':'x','colour':'red','values':{'any':{'thing':1}}},'extra':1}");
		assertThat(helmCharts().admit(chart)).isEmpty();
		assertThat(chart.has("extra")).isFalse();
		assertThat(chart.path("spec").has("colour")).isFalse();
		assertThat(chart.path("spec").path("values").path("any").path("thing").asInt()).isEqualTo(1);
		assertThat(chart.path("spec").path("failurePolicy").asText()).isEqualTo("reinstall");
	}

	@Test
	void refusesAMissingRequiredField() throws Exception {
		ObjectNode store = json("{'apiVersion':'external-secrets.io/v1','kind':'ClusterSecretStore',"
				+ "'metadata':{'name':'vault'},'spec':{'provider':{'vault':{'path':'secret'}}}}");
		List<FieldError> errors = CRDS.find("external-secrets.io", "v1", "clustersecretstores")
			.orElseThrow()
			.admit(store);
		assertThat(errors).extracting(FieldError::line).contains("spec.provider.vault.server: Required value");
	}

}
