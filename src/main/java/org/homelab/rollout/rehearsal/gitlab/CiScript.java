package org.homelab.rollout.rehearsal.gitlab;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homelab.rollout.rehearsal.Latency;

/**
 * What a job's script does in its build pod on a node, as far as the lab can know: each
 * line is shown in the trace after {@code $ } with GitLab's predefined variables and the
 * job's own expanded. {@code echo} prints; {@code exit N} ends it; {@code nvidia-smi}
 * needs the node's GPU (the NVIDIA runtime puts it into the pod only there); a rootless
 * BuildKit build ({@code buildctl-daemonless.sh build … --output
 * type=image,name=<image>,push=true}) reads the Dockerfile from the repository and pushes
 * to the project's own registry only. Other commands succeed silently. A job asks for a
 * GPU when it runs {@code nvidia-smi} or sets {@code NVIDIA_VISIBLE_DEVICES}; on a node
 * without one it fails.
 */
final class CiScript {

	/** Where the job's run ends; {@code pushes} reach the registry when it succeeds. */
	record Outcome(boolean success, String failureReason, String trace, Duration duration, List<Push> pushes) {
	}

	/** One image pushed: repository path (no host), tag, manifest as pushed. */
	record Push(String repository, String tag, byte[] manifest, String digest, String configDigest, long size) {
	}

	private static final Pattern VARIABLE = Pattern
		.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

	private static final Pattern EXIT = Pattern.compile("exit\\s+(\\d+)");

	private static final Pattern BUILD = Pattern.compile("(?:\\S*/)?buildctl(?:-daemonless\\.sh)?\\s+build\\b.*");

	private CiScript() {
	}

	/**
	 * Runs {@code job} on {@code node}; {@code env} holds GitLab's predefined variables,
	 * {@code files} the repository at the pipeline's commit, {@code registry} the
	 * registry's host (null when the registry is off).
	 */
	static Outcome run(CiConfig.Job job, Map<String, String> env, String node, boolean gpu, Map<String, String> files,
			String registry, String projectPath, Latency latency) {
		Map<String, String> vars = new java.util.LinkedHashMap<>(env);
		job.variables().forEach((k, v) -> vars.put(k, expand(v, env)));
		StringBuilder trace = new StringBuilder();
		trace.append("Running with gitlab-runner 17.10.0 (5e4ba5f5)\n")
			.append("Preparing the \"kubernetes\" executor\n")
			.append("Using Kubernetes executor with image ")
			.append((job.image() != null) ? job.image() : "(runner's default)")
			.append(" ...\n");
		Duration duration = latency.of("gitlab.job");
		boolean asksGpu = !List.of("", "void", "none").contains(vars.getOrDefault("NVIDIA_VISIBLE_DEVICES", ""))
				|| job.script().stream().anyMatch(l -> l.strip().startsWith("nvidia-smi"));
		if (asksGpu && !gpu) {
			trace.append("$ ").append(job.script().get(0)).append('\n');
			trace.append("/bin/sh: 1: nvidia-smi: not found\n");
			return failed(trace, "ERROR: Job failed: the job asks for a GPU but node " + node
					+ " has none (nvidia.com/gpu: 0): command terminated with exit code 127", duration);
		}
		List<Push> pushes = new ArrayList<>();
		for (String line : job.script()) {
			String command = expand(line, vars).strip();
			trace.append("$ ").append(line).append('\n');
			Matcher exit = EXIT.matcher(command);
			if (exit.matches() && !exit.group(1).equals("0")) {
				return failed(trace, "ERROR: Job failed: command terminated with exit code " + exit.group(1), duration);
			}
			if (command.startsWith("echo ")) {
				trace.append(unquote(command.substring(5))).append('\n');
			}
			else if (command.startsWith("nvidia-smi")) {
				trace.append(nvidiaSmi(node));
			}
			else if (BUILD.matcher(command).matches()) {
				duration = duration.plus(latency.of("gitlab.image-build"));
				String refused = build(command, files, registry, projectPath, pushes, trace);
				if (refused != null) {
					trace.append(refused).append('\n');
					return failed(trace, "ERROR: Job failed: command terminated with exit code 1", duration);
				}
			}
		}
		trace.append("Job succeeded\n");
		return new Outcome(true, null, trace.toString(), duration, List.copyOf(pushes));
	}

	/** GitLab's predefined variables and the job's, {@code $X} and {@code ${X}}. */
	static String expand(String text, Map<String, String> vars) {
		Matcher matcher = VARIABLE.matcher(text);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			String name = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
			matcher.appendReplacement(out, Matcher.quoteReplacement(vars.getOrDefault(name, "")));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	/** Null when built (and pushed), else what buildctl said. */
	private static String build(String command, Map<String, String> files, String registry, String projectPath,
			List<Push> pushes, StringBuilder trace) {
		List<String> args = List.of(command.split("\\s+"));
		String context = ".";
		String dockerfileDir = null;
		String filename = "Dockerfile";
		List<String> outputs = new ArrayList<>();
		for (int i = 0; i < args.size() - 1; i++) {
			String value = unquote(args.get(i + 1));
			switch (args.get(i)) {
				case "--local" -> {
					if (value.startsWith("context=")) {
						context = value.substring("context=".length());
					}
					else if (value.startsWith("dockerfile=")) {
						dockerfileDir = value.substring("dockerfile=".length());
					}
				}
				case "--opt" -> {
					if (value.startsWith("filename=")) {
						filename = value.substring("filename=".length());
					}
				}
				case "--output" -> outputs.add(value);
				default -> {
				}
			}
		}
		String dockerfile = normalize(((dockerfileDir != null) ? dockerfileDir : context) + "/" + filename);
		String content = files.get(dockerfile);
		if (content == null) {
			return "error: failed to solve: failed to read dockerfile: open " + filename
					+ ": no such file or directory";
		}
		if (content.lines().map(String::strip).noneMatch(l -> l.toUpperCase(Locale.ROOT).startsWith("FROM "))) {
			return "error: failed to solve: dockerfile parse error: no build stage in current context";
		}
		trace.append("#1 [internal] load build definition from ").append(filename).append('\n');
		trace.append("#2 exporting to image\n");
		for (String output : outputs) {
			String name = null;
			boolean push = false;
			for (String part : output.split(",")) {
				if (part.startsWith("name=")) {
					name = part.substring("name=".length());
				}
				push |= part.equals("push=true");
			}
			if (name == null || !push) {
				continue;
			}
			String refused = push(name, content, registry, projectPath, pushes, trace);
			if (refused != null) {
				return refused;
			}
		}
		return null;
	}

	private static String push(String image, String dockerfile, String registry, String projectPath, List<Push> pushes,
			StringBuilder trace) {
		int colon = image.lastIndexOf(':');
		int slash = image.indexOf('/');
		if (slash <= 0 || colon < slash || colon == image.length() - 1) {
			return "error: failed to solve: invalid reference format: " + image;
		}
		String host = image.substring(0, slash);
		String repository = image.substring(slash + 1, colon);
		String tag = image.substring(colon + 1);
		String project = projectPath.toLowerCase(Locale.ROOT);
		if (registry == null || !host.equals(registry)
				|| !(repository.equals(project) || repository.startsWith(project + "/"))) {
			return "error: failed to solve: failed to push " + image
					+ ": denied: requested access to the resource is denied";
		}
		byte[] layer = dockerfile.getBytes(StandardCharsets.UTF_8);
		String layerDigest = "sha256:" + GitlabState.digest(dockerfile);
		String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
				+ layerDigest + "\"]}}";
		String configDigest = "sha256:" + GitlabState.digest(config);
		String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
				+ "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
				+ "\",\"size\":" + config.length() + "},\"layers\":[{\"mediaType\":"
				+ "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest + "\",\"size\":"
				+ layer.length + "}]}";
		String digest = "sha256:" + GitlabState.digest(manifest);
		pushes.add(new Push(repository, tag, manifest.getBytes(StandardCharsets.UTF_8), digest, configDigest,
				config.length() + layer.length));
		trace.append("#2 pushing manifest for ").append(image).append('@').append(digest).append(" done\n");
		return null;
	}

	private static String nvidiaSmi(String node) {
		return "+-----------------------------------------------------------------------------------------+\n"
				+ "| NVIDIA-SMI 550.127.05             Driver Version: 550.127.05     CUDA Version: 12.4     |\n"
				+ "|   0  NVIDIA GeForce RTX 3060        On  |   00000000:01:00.0 Off |                  N/A |\n"
				+ "+-----------------------------------------------------------------------------------------+\n"
				+ "(node " + node + ")\n";
	}

	private static Outcome failed(StringBuilder trace, String why, Duration duration) {
		trace.append(why).append('\n');
		return new Outcome(false, "script_failure", trace.toString(), duration, List.of());
	}

	private static String normalize(String path) {
		String normalized = path.replaceAll("/+", "/").replaceAll("(^|/)\\./", "$1");
		while (normalized.startsWith("./")) {
			normalized = normalized.substring(2);
		}
		return normalized.startsWith("/") ? normalized.substring(1) : normalized;
	}

	private static String unquote(String text) {
		String stripped = text.strip();
		if (stripped.length() >= 2 && (stripped.startsWith("\"") && stripped.endsWith("\"")
				|| stripped.startsWith("'") && stripped.endsWith("'"))) {
			return stripped.substring(1, stripped.length() - 1);
		}
		return stripped;
	}

}
