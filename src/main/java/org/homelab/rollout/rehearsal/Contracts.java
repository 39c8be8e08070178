package org.homelab.rollout.rehearsal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the published API contracts stand ({@code ../shared/contracts} from the project
 * root unless configured). They are read in place, never copied; where they are absent
 * the lab serves everything all the same, without schema checks, and says so once.
 */
public record Contracts(Path dir) {

	public static final String PROPERTY = "contracts.dir";

	/** The CRD files the K3s lab reads, in {@code crds/}. */
	public static final List<String> CRD_FILES = List.of("helm.cattle.io_helmcharts.yaml",
			"helm.cattle.io_helmchartconfigs.yaml", "external-secrets.io_clustersecretstores.yaml",
			"external-secrets.io_externalsecrets.yaml", "argoproj.io_applications.yaml",
			"argoproj.io_appprojects.yaml");

	private static final Logger log = LoggerFactory.getLogger(Contracts.class);

	/** Every contract the lab checks against, and what goes unchecked without it. */
	private static final Map<String, String> CHECKS = checks();

	// one lab holds several sub-labs (and makes a Vault per VM): the operator hears of
	// a missing contract once, not once for each of them
	private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

	public Contracts {
		dir = dir.toAbsolutePath().normalize();
	}

	/** From the system property {@value #PROPERTY}, else {@code ../shared/contracts}. */
	public static Contracts locate() {
		return at(System.getProperty(PROPERTY));
	}

	/** {@code configured} where given (not blank), else {@link #locate()}. */
	public static Contracts at(String configured) {
		if (configured != null && !configured.isBlank()) {
			return new Contracts(Path.of(configured));
		}
		String property = System.getProperty(PROPERTY);
		return new Contracts(Path.of((property != null) ? property : "../shared/contracts"));
	}

	public Optional<Path> proxmoxSchema() {
		return existing(this.dir.resolve("proxmox-ve-api-schema.json"));
	}

	public Optional<Path> vaultOpenApi() {
		return existing(this.dir.resolve("vault-openapi.json"));
	}

	/**
	 * GitLab's REST API v4 as Swagger 2.0 (the lab's GitLab checks requests against it).
	 */
	public Optional<Path> gitlabOpenApi() {
		return existing(this.dir.resolve("gitlab-openapi-v2.yaml"));
	}

	/**
	 * Argo CD's REST API as Swagger 2.0 (the lab's Argo CD checks requests against it).
	 */
	public Optional<Path> argocdSwagger() {
		return existing(this.dir.resolve("argocd-swagger.json"));
	}

	/**
	 * Proxmox Backup Server's API schema (the lab's PBS checks requests against it).
	 */
	public Optional<Path> proxmoxBackupSchema() {
		return existing(this.dir.resolve("proxmox-backup-api-schema.json"));
	}

	/** Authelia's configuration JSON Schema (the front door's access control). */
	public Optional<Path> autheliaSchema() {
		return existing(this.dir.resolve("authelia-configuration-schema.json"));
	}

	/** A CRD file by name, e.g. {@code helm.cattle.io_helmcharts.yaml}. */
	public Optional<Path> crd(String fileName) {
		return existing(this.dir.resolve("crds").resolve(fileName));
	}

	/** The contracts the lab checks against that are not here. */
	public List<String> missing() {
		return CHECKS.keySet().stream().filter(file -> existing(this.dir.resolve(file)).isEmpty()).toList();
	}

	/**
	 * Warns, once per directory and JVM, that contracts are missing and which checks the
	 * lab skips for want of them; silent when every one is here.
	 */
	public void warnIfIncomplete() {
		List<String> missing = missing();
		if (missing.isEmpty() || !WARNED.add(this.dir)) {
			return;
		}
		String which = (missing.size() == CHECKS.size()) ? "No API contracts"
				: "API contracts missing (" + String.join(", ", missing) + ")";
		List<String> skipped = new ArrayList<>(
				missing.stream().filter(file -> !file.startsWith("crds/")).map(CHECKS::get).toList());
		List<String> resources = missing.stream().filter(file -> file.startsWith("crds/")).map(CHECKS::get).toList();
		if (!resources.isEmpty()) {
			skipped.add("custom resources (" + String.join(", ", resources) + ")");
		}
		log.warn("{} in {}: the rehearsal lab serves everything, but skips the schema checks of {}", which, this.dir,
				String.join(", ", skipped));
	}

	private static Map<String, String> checks() {
		Map<String, String> checks = new LinkedHashMap<>();
		checks.put("proxmox-ve-api-schema.json", "Proxmox VE requests");
		checks.put("vault-openapi.json", "Vault requests");
		checks.put("argocd-swagger.json", "Argo CD requests");
		checks.put("proxmox-backup-api-schema.json", "Proxmox Backup Server requests");
		// group_plural.yaml: the CRD's name is plural.group
		CRD_FILES
			.forEach(file -> checks.put("crds/" + file, file.substring(file.indexOf('_') + 1, file.lastIndexOf('.'))
					+ "." + file.substring(0, file.indexOf('_'))));
		return Collections.unmodifiableMap(checks);
	}

	private static Optional<Path> existing(Path path) {
		return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
	}

}
