package org.homelab.rollout.rehearsal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the published API contracts stand ({@code ../shared/contracts} from the project
 * root unless configured). They are read in place, never copied; where they are absent
 * the lab runs without schema checks and says so.
 */
public record Contracts(Path dir) {

	public static final String PROPERTY = "contracts.dir";

	/** From the system property {@value #PROPERTY}, else {@code ../shared/contracts}. */
	public static Contracts locate() {
		String configured = System.getProperty(PROPERTY);
		return new Contracts(
				Path.of((configured != null) ? configured : "../shared/contracts").toAbsolutePath().normalize());
	}

	public Optional<Path> proxmoxSchema() {
		return existing(this.dir.resolve("proxmox-ve-api-schema.json"));
	}

	public Optional<Path> vaultOpenApi() {
		return existing(this.dir.resolve("vault-openapi.json"));
	}

	/** A CRD file by name, e.g. {@code helm.cattle.io_helmcharts.yaml}. */
	public Optional<Path> crd(String fileName) {
		return existing(this.dir.resolve("crds").resolve(fileName));
	}

	private static Optional<Path> existing(Path path) {
		return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
	}

}
