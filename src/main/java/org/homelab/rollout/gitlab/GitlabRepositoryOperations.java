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

}
