package org.homelab.rollout.vault;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultResponse;

/**
 * Writes ACL policies through {@code sys/policies/acl} (Spring Vault's
 * {@code createOrUpdatePolicy} uses the old {@code sys/policy} path and renders JSON),
 * only where the stored text differs.
 */
@Component
public class PolicyConvergence {

	/** The names written, by outcome. */
	public record Result(List<String> created, List<String> updated) {
	}

	private static final String ADVICE = "The engine's token may lack rights on sys/policies/acl (see its policy "
			+ VaultPolicies.ENGINE + "); compare it with the one the rollout writes.";

	/** @see "GET/PUT /sys/policies/acl/:name" */
	public Result converge(VaultTarget target, VaultOperations vault, List<PolicyDocument> documents) {
		List<String> created = new ArrayList<>();
		List<String> updated = new ArrayList<>();
		for (PolicyDocument document : documents) {
			switch (converge(target, vault, document)) {
				case CREATED -> created.add(document.name());
				case UPDATED -> updated.add(document.name());
				case UNCHANGED -> {
				}
			}
		}
		return new Result(created, updated);
	}

	/**
	 * What {@link #converge} would do to each document, by its name, read without writing
	 * (the plan preview). @see "GET /sys/policies/acl/:name"
	 */
	public Map<String, Outcome> preview(VaultTarget target, VaultOperations vault, List<PolicyDocument> documents) {
		Map<String, Outcome> outcomes = new LinkedHashMap<>();
		for (PolicyDocument document : documents) {
			Object text = current(target, vault, document);
			outcomes.put(document.name(), outcome(text, document));
		}
		return outcomes;
	}

	Outcome converge(VaultTarget target, VaultOperations vault, PolicyDocument document) {
		String path = "sys/policies/acl/" + document.name();
		Object text = current(target, vault, document);
		if (outcome(text, document) == Outcome.UNCHANGED) {
			return Outcome.UNCHANGED;
		}
		VaultCalls.run(target, "PUT /v1/" + path, ADVICE, () -> vault.write(path, Map.of("policy", document.hcl())));
		return (text == null) ? Outcome.CREATED : Outcome.UPDATED;
	}

	private static Object current(VaultTarget target, VaultOperations vault, PolicyDocument document) {
		String path = "sys/policies/acl/" + document.name();
		return text(VaultCalls.call(target, "GET /v1/" + path, ADVICE, () -> vault.read(path)));
	}

	private static Outcome outcome(Object text, PolicyDocument document) {
		if (text == null) {
			return Outcome.CREATED;
		}
		return text.toString().strip().equals(document.hcl().strip()) ? Outcome.UNCHANGED : Outcome.UPDATED;
	}

	/** The policy text Vault answered with; null if none. */
	static Object text(VaultResponse current) {
		return (current != null && current.getData() != null) ? current.getData().get("policy") : null;
	}

	/** Whether Vault's stored policy says what {@code document} says. */
	static boolean same(VaultResponse current, PolicyDocument document) {
		return outcome(text(current), document) == Outcome.UNCHANGED;
	}

	/**
	 * Deletes the named policies (compensation); a missing one is fine. @see "DELETE
	 * /sys/policies/acl/:name"
	 */
	public void delete(VaultTarget target, VaultOperations vault, List<String> names) {
		for (String name : names) {
			String path = "sys/policies/acl/" + name;
			VaultCalls.run(target, "DELETE /v1/" + path, ADVICE, () -> vault.delete(path));
		}
	}

}
