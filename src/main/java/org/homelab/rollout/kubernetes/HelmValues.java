package org.homelab.rollout.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.K3sCluster.Placement;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The values a release is installed with: a YAML file the project ships per release
 * (under {@code rollout.kubernetes.values-dir}), its {@code ${fact}} placeholders filled
 * in from the inventory. Facts: {@code node} (the node the release is placed on),
 * {@code placement.argocd}, {@code placement.runnerGpu}, {@code placement.runnerGeneral},
 * {@code dnsDomain}, {@code frontendHost} and {@code vm.<name>.address}. Values never
 * hold secret values: a key such as {@code password} or {@code runnerToken} with a value
 * is refused.
 */
public final class HelmValues {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

	private static final Pattern REFERENCE = Pattern.compile("[a-z0-9][a-z0-9._-]*\\.ya?ml");

	/**
	 * Keys whose value would be a secret; references to Secrets (e.g.
	 * {@code existingSecret}) are fine.
	 */
	private static final Pattern SECRET_KEY = Pattern.compile(
			"(?i).*(password|passwd|token|apikey|api_key|secretkey|secret_key|privatekey|private_key|clientsecret)");

	private final Path dir;

	private final Inventory inventory;

	public HelmValues(Path dir, Inventory inventory) {
		this.dir = dir;
		this.inventory = inventory;
	}

	/**
	 * Renders {@code reference} (a file name such as {@code argocd.yaml}) for a release
	 * placed on {@code node}.
	 */
	public String render(String reference, String node) {
		if (reference == null || reference.isBlank()) {
			return "";
		}
		if (!REFERENCE.matcher(reference).matches()) {
			throw new IllegalArgumentException(
					"values reference '" + reference + "' must be a file name such as argocd.yaml in " + this.dir);
		}
		Path file = this.dir.resolve(reference);
		String template;
		try {
			template = Files.readString(file);
		}
		catch (IOException ex) {
			throw new KubernetesException("Cannot read Helm values " + file.toAbsolutePath()
					+ ": check rollout.kubernetes.values-dir (" + this.dir + ")", ex);
		}
		String rendered = fill(reference, template, facts(node));
		check(reference, rendered);
		return rendered;
	}

	/**
	 * The node a placement names: a key of {@code inventory.k3s.placement}
	 * ({@code argocd}, {@code runnerGpu}, {@code runnerGeneral}) or a node's name; blank
	 * for none.
	 */
	public String node(String placement) {
		if (placement == null || placement.isBlank()) {
			return "";
		}
		Placement plan = this.inventory.k3s().placement();
		String node = switch (placement) {
			case "argocd" -> plan.argocd();
			case "runnerGpu", "runner-gpu" -> plan.runnerGpu();
			case "runnerGeneral", "runner-general" -> plan.runnerGeneral();
			default -> placement;
		};
		if (this.inventory.k3s().node(node).isEmpty()) {
			throw new IllegalArgumentException("placement '" + placement + "' names no K3s node of the inventory "
					+ "(inventory.k3s.nodes) and no key of inventory.k3s.placement");
		}
		return node;
	}

	Map<String, String> facts(String node) {
		Map<String, String> facts = new LinkedHashMap<>();
		if (node != null && !node.isBlank()) {
			facts.put("node", node);
		}
		Placement placement = this.inventory.k3s().placement();
		facts.put("placement.argocd", placement.argocd());
		facts.put("placement.runnerGpu", placement.runnerGpu());
		facts.put("placement.runnerGeneral", placement.runnerGeneral());
		facts.put("dnsDomain", this.inventory.network().dnsDomain());
		facts.put("frontendHost", this.inventory.frontend().host());
		this.inventory.vms()
			.stream()
			.filter(vm -> vm.address() != null)
			.forEach(vm -> facts.put("vm." + vm.name() + ".address", vm.address()));
		return facts;
	}

	private static String fill(String reference, String template, Map<String, String> facts) {
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder out = new StringBuilder();
		List<String> unknown = new ArrayList<>();
		while (matcher.find()) {
			String value = facts.get(matcher.group(1));
			if (value == null) {
				unknown.add(matcher.group(1));
				value = matcher.group();
			}
			matcher.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(out);
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Helm values " + reference + " use unknown fact(s) " + unknown
					+ "; known: " + facts.keySet() + " (a release without placement has no 'node')");
		}
		return out.toString();
	}

	/** Valid YAML, a mapping, no secret value. Messages name keys, never values. */
	private static void check(String reference, String rendered) {
		JsonNode values;
		try {
			values = Serialization.yamlMapper().readTree(rendered);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"Helm values " + reference + " are no valid YAML: " + ex.getOriginalMessage());
		}
		if (values != null && !values.isMissingNode() && !values.isNull() && !values.isObject()) {
			throw new IllegalArgumentException("Helm values " + reference + " must be a YAML mapping");
		}
		List<String> secrets = new ArrayList<>();
		secretKeys(values, "", secrets);
		if (!secrets.isEmpty()) {
			throw new IllegalArgumentException("Helm values " + reference + " carry secret value(s) at " + secrets
					+ ": reference a Secret synced from Vault by the External Secrets Operator instead");
		}
	}

	private static void secretKeys(JsonNode node, String path, List<String> found) {
		if (node == null) {
			return;
		}
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
				JsonNode value = field.getValue();
				if (SECRET_KEY.matcher(field.getKey()).matches() && value.isValueNode() && !value.isNull()
						&& !value.asString().isEmpty()) {
					found.add(at);
				}
				secretKeys(value, at, found);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				secretKeys(node.get(i), path + "[" + i + "]", found);
			}
		}
	}

}
