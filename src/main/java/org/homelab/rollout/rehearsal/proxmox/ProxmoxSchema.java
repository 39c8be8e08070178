package org.homelab.rollout.rehearsal.proxmox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.homelab.rollout.rehearsal.ContractProse;

/**
 * The published Proxmox VE API schema (the api-viewer tree), loaded once: finds the
 * method a request addresses and checks its parameters as PVE's JSONSchema does. Without
 * the file every request passes "unchecked".
 */
final class ProxmoxSchema {

	/**
	 * What the schema says about a method and path. {@code parameters} is null when
	 * unchecked or not found.
	 */
	record Lookup(boolean found, String template, JsonNode parameters) {
	}

	/** pve-common's standard option 'pve-vmid'. */
	private static final JsonNode VMID = new ObjectMapper().createObjectNode()
		.put("type", "integer")
		.put("format", "pve-vmid")
		.put("minimum", 100)
		.put("maximum", 999_999_999);

	/**
	 * What the lab never reads of the schema: its documentation, and what a method
	 * returns or needs as permissions (the lab answers and authorises by its own rules).
	 */
	private static final Set<String> PROSE = Set.of("description", "verbose_description", "typetext",
			"format_description");

	private final JsonNode root;

	private ProxmoxSchema(JsonNode root) {
		this.root = root;
	}

	static ProxmoxSchema load(Optional<Path> file) {
		if (file.isEmpty()) {
			return new ProxmoxSchema(null);
		}
		try {
			JsonNode root = new ObjectMapper().readTree(file.get().toFile());
			withoutReturns(root);
			return new ProxmoxSchema(ContractProse.strip(root, PROSE));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the Proxmox API schema " + file.get(), ex);
		}
	}

	private static void withoutReturns(JsonNode children) {
		for (JsonNode child : children) {
			child.path("info").forEach(method -> {
				if (method instanceof ObjectNode info) {
					info.remove(List.of("returns", "permissions"));
				}
			});
			withoutReturns(child.path("children"));
		}
	}

	boolean checked() {
		return this.root != null;
	}

	/**
	 * Walks the tree segment by segment, preferring a literal child over a {variable}
	 * one, as PVE's router does.
	 */
	Lookup lookup(String method, List<String> segments) {
		if (this.root == null) {
			return new Lookup(true, null, null);
		}
		JsonNode children = this.root;
		JsonNode node = null;
		for (String segment : segments) {
			node = child(children, segment);
			if (node == null) {
				return new Lookup(false, null, null);
			}
			children = node.path("children");
		}
		JsonNode info = (node != null) ? node.path("info").path(method) : null;
		if (info == null || info.isMissingNode()) {
			return new Lookup(false, null, null);
		}
		return new Lookup(true, node.path("path").asText(), info.path("parameters"));
	}

	/**
	 * Parameter errors keyed by name, with PVE's messages; empty when the request is
	 * valid.
	 */
	Map<String, String> validate(Lookup lookup, Map<String, List<String>> params) {
		if (lookup.parameters() == null) {
			return vmids(params);
		}
		return new ParameterCheck(lookup.parameters()).errors(params);
	}

	/**
	 * Without the schema the lab still checks the VMIDs it acts on against pve-common's
	 * pve-vmid option, so a VMID PVE refuses is refused here too rather than created.
	 */
	private static Map<String, String> vmids(Map<String, List<String>> params) {
		Map<String, String> errors = new LinkedHashMap<>();
		for (String name : List.of("vmid", "newid")) {
			List<String> values = params.get(name);
			if (values != null && !values.isEmpty()) {
				ParameterCheck.check(name, VMID, values.get(0), errors);
			}
		}
		return errors;
	}

	private static JsonNode child(JsonNode children, String segment) {
		List<JsonNode> variables = new ArrayList<>();
		for (JsonNode child : children) {
			String text = child.path("text").asText();
			if (text.equals(segment)) {
				return child;
			}
			if (PathTemplate.isVariable(text)) {
				variables.add(child);
			}
		}
		return variables.isEmpty() ? null : variables.get(0);
	}

}
