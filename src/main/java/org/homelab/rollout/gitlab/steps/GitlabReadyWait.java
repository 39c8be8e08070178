package org.homelab.rollout.gitlab.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code gitlab-ready}: until GitLab at {@code gitlabUrl} answers
 * {@code /-/readiness?all=1} with every check ok (Puma boots for minutes after a
 * reconfigure; nginx answers 502 meanwhile).
 */
@Component
class GitlabReadyWait implements WaitCondition {

	private final GitlabConnections connections;

	GitlabReadyWait(GitlabConnections connections) {
		this.connections = connections;
	}

	@Override
	public String topic() {
		return "gitlab-ready";
	}

	@Override
	public Set<String> variables() {
		return Set.of(GitlabVariables.URL);
	}

	@Override
	public Check check(Look look) {
		String url = look.required(GitlabVariables.URL, String.class);
		GitlabConnections.Page readiness = this.connections.readiness(url);
		return readiness.ok() ? Check.done(Map.of())
				: Check.waiting("GitLab at " + url + "/-/readiness?all=1 to say ok (" + readiness.detail() + ")");
	}

	@Override
	public String overdue(Look look) {
		return "On the gitlab-ce VM: 'gitlab-ctl status' and 'gitlab-ctl tail puma' (a failed migration or too little "
				+ "memory stops Puma), and that the engine's address is in gitlab_rails['monitoring_whitelist'] of "
				+ "/etc/gitlab/gitlab.rb (else readiness answers 404).";
	}

}
