package org.homelab.rollout.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.homelab.rollout.rehearsal.Contracts;

/**
 * The published API contracts a test checks against ({@code ../shared/contracts}, or
 * {@code -Dcontracts.dir}): not a package to install, but beside the project where CI has
 * them. A project cloned on its own has none; a test that checks the contracts themselves
 * calls {@link #require(String)} and skips naming what goes untested, as
 * {@link Tool#require(String)} does, and under {@code CI=true} fails. Everything else
 * runs without them: the lab then serves its requests unchecked.
 */
public enum Contract {

	PROXMOX_VE("the Proxmox VE API schema", "proxmox-ve-api-schema.json"),

	VAULT("Vault's OpenAPI document", "vault-openapi.json"),

	AUTHELIA("Authelia's configuration schema", "authelia-configuration-schema.json"),

	GITLAB("GitLab's OpenAPI v2 document", "gitlab-openapi-v2.yaml"),

	ARGOCD("Argo CD's Swagger document", "argocd-swagger.json"),

	PROXMOX_BACKUP("the Proxmox Backup Server API schema", "proxmox-backup-api-schema.json"),

	CRDS("the CRDs", Contracts.CRD_FILES.stream().map(file -> "crds/" + file).toArray(String[]::new));

	private final String name;

	private final List<String> files;

	Contract(String name, String... files) {
		this.name = name;
		this.files = List.of(files);
	}

	/** Where this run looks for the contracts, as the lab does. */
	public static Contracts located() {
		return Contracts.locate();
	}

	/** Whether every file of this contract is here. */
	public boolean present() {
		return missingFiles(located()).isEmpty();
	}

	/** Why a test needing this contract cannot run here, or null if it can. */
	public String missing(String notTested) {
		return missing(located(), notTested);
	}

	String missing(Contracts contracts, String notTested) {
		List<String> absent = missingFiles(contracts);
		if (absent.isEmpty()) {
			return null;
		}
		return "needs the published contracts at " + contracts.dir() + " (" + this.name + ": "
				+ String.join(", ", absent) + " not there), so " + notTested + " NOT tested in this run;"
				+ " point at them with -D" + Contracts.PROPERTY + "=<dir> (CI has them in ../shared/contracts)";
	}

	private List<String> missingFiles(Contracts contracts) {
		Path dir = contracts.dir();
		return this.files.stream().filter(file -> !Files.isRegularFile(dir.resolve(file))).toList();
	}

	/**
	 * Skips the calling test (or class, from {@code @BeforeAll}) unless the contract is
	 * there; fails it under {@code CI=true}, where it always is. {@code notTested} says
	 * what goes unchecked meanwhile.
	 */
	public void require(String notTested) {
		String missing = missing(notTested);
		if (missing != null) {
			Skips.skip(missing);
		}
	}

}
