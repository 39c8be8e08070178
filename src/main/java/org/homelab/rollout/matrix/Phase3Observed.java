package org.homelab.rollout.matrix;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the live systems showed of Phase 3's cells beyond monitoring and Vault: Argo CD's
 * sources, the newest pipelines of the gitops and ansible projects, the ansible VM's
 * checkout and its newest Ansible run. Each is {@link Seen}: a value, or why the system
 * could not be asked.
 *
 * @param argocd Argo CD's repository for GitLab's gitops project and its Applications'
 * sources
 * @param pipelines per service with a GitLab project (ArgoCD: {@code homelab/gitops},
 * Ansible: {@code homelab/ansible}) the pipeline of its default branch's newest commit
 * @param checkout the ansible VM's checkout against GitLab's branch
 * @param ansibleRun the newest Ansible run's recap on the ansible VM
 */
public record Phase3Observed(Seen<ArgoCdSources> argocd, Map<Service, Seen<ProjectPipeline>> pipelines,
		Seen<Checkout> checkout, Seen<AnsibleRun> ansibleRun) {

	public Phase3Observed {
		pipelines = Map.copyOf(pipelines);
	}

	/** A value the system showed, or (value null) why it could not be asked. */
	public record Seen<T>(T value, String problem) {

		public static <T> Seen<T> of(T value) {
			return new Seen<>(value, null);
		}

		public static <T> Seen<T> failed(String problem) {
			return new Seen<>(null, problem);
		}

	}

	/**
	 * Argo CD's side of "uses GitLab as its source".
	 *
	 * @param gitlabBase the homelab's GitLab as Argo CD reaches it, e.g.
	 * {@code https://gitlab.homelab.lan/}
	 * @param repository the gitops project's repository URL Argo CD should know
	 * @param connectionStatus Argo CD's connection state of it ({@code Successful},
	 * {@code Failed}); null when Argo CD has no such repository
	 * @param connectionMessage what Argo CD said of the connection
	 * @param applicationRepos every Application's name with its source {@code repoURL}
	 * @param applicationDestinations every Application's name with its destination server
	 * @param clusterNodes the K3s nodes of the cluster Argo CD runs in (the inventory's)
	 */
	public record ArgoCdSources(String gitlabBase, String repository, String connectionStatus, String connectionMessage,
			Map<String, String> applicationRepos, Map<String, String> applicationDestinations,
			Set<String> clusterNodes) {

		public ArgoCdSources {
			applicationRepos = Map.copyOf(applicationRepos);
			applicationDestinations = Map.copyOf(applicationDestinations);
			clusterNodes = Set.copyOf(clusterNodes);
		}

	}

	/**
	 * The pipeline of a project's default branch's newest commit; {@code id} null when
	 * that commit has none.
	 */
	public record ProjectPipeline(String project, String ref, Long id, String status, List<PipelineJob> jobs) {

		public ProjectPipeline {
			jobs = List.copyOf(jobs);
		}

		public static ProjectPipeline none(String project, String ref) {
			return new ProjectPipeline(project, ref, null, null, List.of());
		}

	}

	/** A job of the pipeline: its tags and the runner that took it (null: none). */
	public record PipelineJob(String name, String status, List<String> tags, String runner) {

		public PipelineJob {
			tags = List.copyOf(tags);
		}

	}

	/**
	 * The ansible VM's clone against GitLab: the commit its branch is at there
	 * ({@code .git/HEAD} and the ref it names), null when the VM has no clone, and the
	 * newest commit of GitLab's default branch.
	 */
	public record Checkout(String path, String branch, String checkedOut, String gitlabHead) {
	}

	/**
	 * The newest Ansible run on the ansible VM as its log shows it: the playbook and the
	 * recap per host ({@code ok=… changed=… unreachable=… failed=…}); {@code hosts} empty
	 * when the log holds no completed run.
	 */
	public record AnsibleRun(String log, Map<String, Recap> hosts) {

		public AnsibleRun {
			hosts = Map.copyOf(hosts);
		}

	}

	/** One host's line of a PLAY RECAP. */
	public record Recap(int ok, int changed, int unreachable, int failed) {

		public boolean clean() {
			return this.unreachable == 0 && this.failed == 0;
		}

	}

}
