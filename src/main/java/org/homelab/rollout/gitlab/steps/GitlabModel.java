package org.homelab.rollout.gitlab.steps;

import java.util.List;

import org.homelab.rollout.gitlab.GitlabProperties;

import org.springframework.stereotype.Component;

/**
 * What the GitLab models read in expressions: the scripts run-script runs on the
 * gitlab-ce VM ({@code ${gitlabModel.installScript(rolloutRun)}}). No script holds a
 * secret.
 */
@Component("gitlabModel")
public class GitlabModel {

	private final GitlabStepProperties properties;

	private final GitlabProperties gitlab;

	GitlabModel(GitlabStepProperties properties, GitlabProperties gitlab) {
		this.properties = properties;
		this.gitlab = gitlab;
	}

	/** The projects gitlab-install creates, one job each. */
	public List<String> getProjects() {
		return this.properties.projects();
	}

	public String installScript(String run) {
		return GitlabScripts.install(run, this.gitlab.externalDatabase() ? this.gitlab.dbPasswordFile() : null);
	}

	public String rootPasswordScript() {
		return GitlabScripts.rootPassword();
	}

	public String engineTokenScript() {
		return GitlabScripts.engineToken(this.properties.engineTokenName(), this.properties.engineTokenScopes(),
				this.properties.engineTokenLifetime());
	}

	public String backupScript() {
		return GitlabScripts.backupNow(this.gitlab.backupPath());
	}

	public String purgeScript() {
		return GitlabScripts.purge();
	}

}
