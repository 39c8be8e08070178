package org.homelab.rollout.rehearsal.vault;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Policies parse as Vault parses them and the most specific path rule decides. */
class AclTests {

	@Test
	void hclPolicyGrantsItsCapabilitiesBelowTheGlob() {
		Acl acl = acl("""
				# apps may read their secrets
				path "homelab/data/apps/*" {
				  capabilities = ["read", "list"]
				}
				""");
		assertThat(acl.allows("homelab/data/apps/grafana", "read", false)).isTrue();
		assertThat(acl.allows("homelab/data/apps/a/b", "read", false)).isTrue();
		assertThat(acl.allows("homelab/data/apps/grafana", "update", false)).isFalse();
		assertThat(acl.allows("homelab/data/other", "read", false)).isFalse();
	}

	@Test
	void plusMatchesExactlyOneSegment() {
		Acl acl = acl("path \"homelab/+/apps\" { capabilities = [\"read\"] }");
		assertThat(acl.allows("homelab/data/apps", "read", false)).isTrue();
		assertThat(acl.allows("homelab/data/x/apps", "read", false)).isFalse();
	}

	@Test
	void exactPathBeatsGlobAndDenyWins() {
		Acl acl = acl("""
				path "homelab/*" { capabilities = ["read", "update"] }
				path "homelab/data/root-ca" { capabilities = ["deny"] }
				path "homelab/data/app*" { capabilities = ["read"] }
				""");
		assertThat(acl.allows("homelab/data/root-ca", "read", false)).isFalse();
		assertThat(acl.allows("homelab/data/application", "update", false)).isFalse();
		assertThat(acl.allows("homelab/data/other", "update", false)).isTrue();
	}

	@Test
	void rulesOfTheSamePathFromSeveralPoliciesAreMerged() {
		Acl acl = new Acl(List.of(AclPolicy.parse("a", "path \"x/*\" { capabilities = [\"read\"] }"),
				AclPolicy.parse("b", "path \"x/*\" { capabilities = [\"update\"] }")));
		assertThat(acl.allows("x/y", "read", false)).isTrue();
		assertThat(acl.allows("x/y", "update", false)).isTrue();
	}

	@Test
	void sudoPathsNeedTheSudoCapability() {
		Acl acl = acl(
				"path \"sys/seal\" { capabilities = [\"update\"] }\npath \"sys/auth/*\" { capabilities = [\"update\", \"sudo\"] }");
		assertThat(acl.allows("sys/seal", "update", true)).isFalse();
		assertThat(acl.allows("sys/auth/kubernetes", "update", true)).isTrue();
	}

	@Test
	void jsonPolicyAsSpringVaultWritesItIsUnderstood() {
		Acl acl = acl("{\"path\":{\"homelab/data/*\":{\"capabilities\":[\"create\",\"read\"]}}}");
		assertThat(acl.allows("homelab/data/x", "create", false)).isTrue();
	}

	@Test
	void oldPolicyShorthandStillWorks() {
		Acl acl = acl("path \"secret/*\" { policy = \"write\" }");
		assertThat(acl.allows("secret/a", "delete", false)).isTrue();
	}

	@Test
	void unknownCapabilityAndStrayTextAreParseErrors() {
		assertThatThrownBy(() -> AclPolicy.parse("p", "path \"a\" { capabilities = [\"fly\"] }"))
			.hasMessageContaining("invalid capability \"fly\"");
		assertThatThrownBy(() -> AclPolicy.parse("p", "paths \"a\" { }"))
			.hasMessageStartingWith("failed to parse policy");
	}

	private static Acl acl(String text) {
		return new Acl(List.of(AclPolicy.parse("p", text)));
	}

}
