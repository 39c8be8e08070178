package org.homelab.rollout.gitlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.homelab.rollout.support.Contract;
import org.homelab.rollout.support.Skips;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * GitLab's published API (Swagger 2.0, read in place from the contracts directory): does
 * a method and an encoded path match one of its path templates? Absent contracts skip the
 * check naming what goes unchecked (a failure under {@code CI=true}), as
 * {@link Contract#require} does.
 */
final class GitlabContract {

	static final String FILE = "gitlab-openapi-v2.yaml";

	private static List<Template> templates;

	private record Template(String path, Pattern pattern, Map<String, Object> operations) {
	}

	private GitlabContract() {
	}

	/** The template of the contract that declares this call, or null if none does. */
	static String declared(String method, String encodedPath) {
		for (Template template : templates()) {
			if (template.pattern().matcher(encodedPath).matches()
					&& template.operations().containsKey(method.toLowerCase())) {
				return template.path();
			}
		}
		return null;
	}

	private static synchronized List<Template> templates() {
		if (templates == null) {
			Path file = Contract.located().dir().resolve(FILE);
			if (!Files.isRegularFile(file)) {
				Skips
					.skip("needs the published contracts at " + Contract.located().dir() + " (GitLab's OpenAPI: " + FILE
							+ " not there), so the GitLab client's paths NOT checked against the contract in this run;"
							+ " point at them with -Dcontracts.dir=<dir> (CI has them in ../shared/contracts)");
			}
			templates = load(file);
		}
		return templates;
	}

	@SuppressWarnings("unchecked")
	private static List<Template> load(Path file) {
		LoaderOptions options = new LoaderOptions();
		options.setCodePointLimit(16 * 1024 * 1024);
		options.setMaxAliasesForCollections(10_000);
		try (InputStream in = Files.newInputStream(file)) {
			Map<String, Object> spec = new Yaml(options).load(in);
			List<Template> found = new ArrayList<>();
			((Map<String, Map<String, Object>>) spec.get("paths")).forEach((path, operations) -> {
				String regex = Pattern.quote(path).replaceAll("\\{[^}/]+\\}", "\\\\E[^/]+\\\\Q");
				found.add(new Template(path, Pattern.compile(regex), operations));
			});
			return found;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
