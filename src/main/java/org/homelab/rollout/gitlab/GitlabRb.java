package org.homelab.rollout.gitlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code /etc/gitlab/gitlab.rb} of the gitlab-ce VM from
 * {@code deploy/gitlab/gitlab.rb.template} and the inventory: GitLab and its registry at
 * the front door's domain (which terminates TLS, so GitLab's nginx speaks HTTP), the
 * front door as the one trusted proxy, the bundled Prometheus off and the metrics
 * endpoints open to the Prometheus VM only, the database bundled or external, backups
 * with a keep time. Every value is checked before it is written: a hostile one (a quote,
 * a newline) is refused naming what it is. No secret is ever written.
 */
public final class GitlabRb {

	/** gitlab-exporter's port: the integration matrix's metrics port of GitLab CE. */
	public static final int GITLAB_EXPORTER_PORT = 9168;

	/** The bundled node exporter's port: the same as on every other node. */
	public static final int NODE_EXPORTER_PORT = 9100;

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z]+)\\}\\}");

	private final GitlabProperties properties;

	public GitlabRb(GitlabProperties properties) {
		this.properties = properties;
	}

	/**
	 * @param domain the front door's domain: GitLab at {@code gitlab.<domain>}, its
	 * registry at {@code registry.<domain>}
	 * @param frontdoorAddress the frontend server's address (the trusted proxy)
	 * @param prometheusAddress the Prometheus VM's address (the only scraper let in)
	 */
	public String render(String domain, String frontdoorAddress, String prometheusAddress) {
		return render(domain, frontdoorAddress, prometheusAddress, null);
	}

	/**
	 * The same, with the engine's address in the monitoring allow-list too (null: not),
	 * so the engine sees {@code /-/readiness} while it waits for GitLab.
	 */
	public String render(String domain, String frontdoorAddress, String prometheusAddress, String engineAddress) {
		Map<String, String> values = new LinkedHashMap<>();
		values
			.put("engineMonitor",
					(engineAddress != null) ? ", '" + GitlabInput
						.address("the engine's address (inventory.access.engine-address)", engineAddress) + "/32'"
							: "");
		String checkedDomain = GitlabInput.domain("the front door's domain (inventory.frontdoor.domain)", domain);
		values.put("externalUrl", "https://gitlab." + checkedDomain);
		values.put("registryUrl", "https://registry." + checkedDomain);
		values.put("frontdoorAddress", GitlabInput.address("inventory.frontend.address", frontdoorAddress));
		values.put("prometheusAddress",
				GitlabInput.address("the Prometheus VM's address (inventory.vms prometheus)", prometheusAddress));
		values.put("gitlabExporterPort", Integer.toString(GITLAB_EXPORTER_PORT));
		values.put("nodeExporterPort", Integer.toString(NODE_EXPORTER_PORT));
		values.put("backupPath", this.properties.backupPath());
		values.put("backupKeepSeconds", Long.toString(this.properties.backupKeepTime().toSeconds()));
		values.put("database",
				this.properties.externalDatabase() ? fill("external-database.rb.template", database()) : "");
		return fill("gitlab.rb.template", values);
	}

	private Map<String, String> database() {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("dbHost", this.properties.dbHost());
		values.put("dbPort", Integer.toString(this.properties.dbPort()));
		values.put("dbName", this.properties.dbName());
		values.put("dbUser", this.properties.dbUser());
		values.put("dbPasswordFile", this.properties.dbPasswordFile());
		return values;
	}

	private String fill(String template, Map<String, String> values) {
		Path file = this.properties.templates().resolve(template);
		String text;
		try {
			text = Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the GitLab template " + file
					+ " (inventory.gitlab.templates: the shipped deploy/gitlab)", ex);
		}
		Matcher matcher = PLACEHOLDER.matcher(text);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String value = values.get(matcher.group(1));
			if (value == null) {
				throw new IllegalStateException("GitLab template " + file + " has a placeholder {{" + matcher.group(1)
						+ "}} the renderer does not fill");
			}
			matcher.appendReplacement(out, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(out);
		return out.toString();
	}

}
