package org.homelab.rollout.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the tools are and how long one may run.
 *
 * @param paths tool name to its executable, for tools not on {@code PATH} (e.g.
 * {@code promtool: /opt/bin/promtool})
 * @param maxTimeout the longest a tool may run: it runs on a job-executor thread, so
 * seconds, not minutes (longer work is an external-task wait)
 */
@ConfigurationProperties("rollout.tools")
public record ToolProperties(@DefaultValue Map<String, Path> paths, @DefaultValue("30s") Duration maxTimeout) {

	public ToolProperties {
		paths = (paths == null) ? Map.of() : Map.copyOf(paths);
	}

}
