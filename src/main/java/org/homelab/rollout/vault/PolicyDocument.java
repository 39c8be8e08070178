package org.homelab.rollout.vault;

import java.util.List;
import java.util.stream.Collectors;

/** An ACL policy as Vault stores it: a name and its HCL text, built from path rules. */
public record PolicyDocument(String name, String hcl) {

	/**
	 * One {@code path "…" { capabilities = […] }} block, with a comment saying why it is
	 * granted.
	 */
	record Rule(String why, String path, List<String> capabilities) {

		String hcl() {
			return "# " + this.why + "\npath \"" + this.path + "\" {\n  capabilities = ["
					+ this.capabilities.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", ")) + "]\n}\n";
		}

	}

	static PolicyDocument of(String name, List<Rule> rules) {
		return new PolicyDocument(name, rules.stream().map(Rule::hcl).collect(Collectors.joining("\n")));
	}

}
