package org.homelab.rollout.rehearsal.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.homelab.rollout.rehearsal.ContractProse;
import org.homelab.rollout.rehearsal.Contracts;

/**
 * The CRDs published in the contracts, read in place: the lab registers them with the API
 * server (so clients can discover them) and checks every write of their resources against
 * their schemas. Where a contract is absent the lab registers its own definition of the
 * kind ({@link LabCrds}), so it serves it all the same, unchecked.
 */
final class ContractCrds {

	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	private static final ObjectMapper JSON = new ObjectMapper();

	/**
	 * Each CRD as JSON text, ready to create (the lab's own where a contract is absent).
	 */
	private final List<String> definitions;

	private final List<CrdSchema> schemas;

	private ContractCrds(List<String> definitions, List<CrdSchema> schemas) {
		this.definitions = definitions;
		this.schemas = schemas;
	}

	static ContractCrds load(Contracts contracts) {
		List<String> definitions = new ArrayList<>();
		List<CrdSchema> schemas = new ArrayList<>();
		for (String file : Contracts.CRD_FILES) {
			Optional<Path> path = contracts.crd(file);
			if (path.isEmpty()) {
				LabCrds.Kind own = LabCrds.forFile(file).orElseThrow();
				definitions.add(LabCrds.definition(own).toString());
				schemas.add(CrdSchema.unchecked(own.group(), own.version(), own.kind(), own.plural(), own.namespaced(),
						own.statusSubresource(), LabCrds.anything()));
				continue;
			}
			JsonNode crd = read(path.get());
			definitions.add(crd.toString());
			JsonNode spec = crd.path("spec");
			for (JsonNode version : spec.path("versions")) {
				if (version.path("served").asBoolean(false)) {
					schemas.add(CrdSchema.of(spec.path("group").asText(), version.path("name").asText(),
							spec.path("names").path("kind").asText(), spec.path("names").path("plural").asText(),
							"Namespaced".equals(spec.path("scope").asText()),
							version.path("subresources").has("status"),
							version.path("schema").path("openAPIV3Schema")));
				}
			}
		}
		return new ContractCrds(List.copyOf(definitions), List.copyOf(schemas));
	}

	private static JsonNode read(Path path) {
		try {
			// the API server serves them without their documentation: the lab's clients
			// and checks never read it, and it is most of the CRDs' text
			return ContractProse.strip(YAML.readTree(path.toFile()), Set.of("description"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read CRD contract " + path, ex);
		}
	}

	List<String> definitions() {
		return this.definitions;
	}

	List<CrdSchema> schemas() {
		return this.schemas;
	}

	/** Whether every kind is checked against its contract CRD. */
	boolean checked() {
		return this.schemas.stream().allMatch(CrdSchema::checked);
	}

	/** Whether any kind is checked against a contract CRD. */
	boolean anyChecked() {
		return this.schemas.stream().anyMatch(CrdSchema::checked);
	}

	Optional<CrdSchema> find(String group, String version, String plural) {
		return this.schemas.stream()
			.filter(s -> s.group().equals(group) && s.version().equals(version) && s.plural().equals(plural))
			.findFirst();
	}

	static ObjectMapper json() {
		return JSON;
	}

}
