package org.homelab.rollout.gitlab;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A project's repository: files at a ref, commits. */
public interface GitlabRepositoryOperations {

	/**
	 * The file's content at {@code ref}; empty when the file or the ref (an empty
	 * repository) is not there. {@code GET /projects/:id/repository/files/:file_path}.
	 */
	Optional<byte[]> file(long projectId, String filePath, String ref);

	/**
	 * One commit of these actions on {@code branch}, which GitLab creates in an empty
	 * repository; answers the commit id. {@code POST /projects/:id/repository/commits}.
	 */
	String commit(long projectId, String branch, String message, List<CommitAction> actions);

	/**
	 * Seeds the project with the wanted files (path to content, e.g. from
	 * {@link SeedFiles#read}): reads each at {@code branch} and commits, in one commit,
	 * only those missing or different. A second run commits nothing. Files the project
	 * has beyond these are left alone (people add their own).
	 */
	SeedResult seed(long projectId, String branch, Map<String, byte[]> wanted, String message);

	/**
	 * The file at {@code ref} with the blob and the last commit that changed it; empty
	 * when the file or the ref is not there.
	 * {@code GET /projects/:id/repository/files/:file_path}.
	 */
	Optional<RepositoryFile> readFile(long projectId, String filePath, String ref);

	/**
	 * One commit, empty when there is no such commit.
	 * {@code GET /projects/:id/repository/commits/:sha}.
	 */
	Optional<GitlabCommit> getCommit(long projectId, String sha);

	/**
	 * The commits reachable from {@code ref}, newest first, with their trailers; only
	 * those touching {@code path} when it is not null. Empty for an empty repository.
	 * {@code GET /projects/:id/repository/commits?ref_name=…&trailers=true&per_page=100&page=N}.
	 * @param limit at most this many (pages are read until it is reached)
	 */
	List<GitlabCommit> commits(long projectId, String ref, String path, int limit);

	/**
	 * One commit of these actions on {@code branch}, signed by the run (a
	 * {@link RunCommits#TRAILER} trailer) so that {@link #revertRun} finds it.
	 */
	String commitForRun(long projectId, String branch, String title, String runId, List<CommitAction> actions);

	/**
	 * The commits on {@code branch} that {@code runId} made, newest first (at most the
	 * newest 1000 commits of the branch are looked at).
	 */
	List<GitlabCommit> runCommits(long projectId, String branch, String runId);

	/**
	 * A new commit on {@code branch} undoing {@code sha}, made by GitLab with its own
	 * message ({@code Revert "<title>"}, {@code This reverts commit <sha>}).
	 * {@code POST /projects/:id/repository/commits/:sha/revert}.
	 * @throws GitlabApiException 400 when a later commit changed the same content
	 * (conflict) or nothing is left to revert (empty)
	 */
	GitlabCommit revert(long projectId, String sha, String branch);

	/**
	 * Undoes a run's commits on {@code branch} by new commits, newest first, leaving
	 * history and everyone else's commits alone. Idempotent: a commit already reverted (a
	 * revert of it on the branch, or GitLab finding nothing left to revert) is not
	 * reverted again, so a retried or repeated undo changes nothing more.
	 */
	RevertResult revertRun(long projectId, String branch, String runId);

}
