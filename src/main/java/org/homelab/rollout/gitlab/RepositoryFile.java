package org.homelab.rollout.gitlab;

import java.util.Arrays;

/**
 * A file of a repository at a ref ({@code GET /projects/:id/repository/files/:path}).
 *
 * @param lastCommitId the last commit that changed the file on that ref
 */
public record RepositoryFile(String path, byte[] content, String blobId, String lastCommitId) {

	public RepositoryFile {
		content = content.clone();
	}

	@Override
	public byte[] content() {
		return this.content.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof RepositoryFile file && file.path.equals(this.path)
				&& Arrays.equals(file.content, this.content) && java.util.Objects.equals(file.blobId, this.blobId)
				&& java.util.Objects.equals(file.lastCommitId, this.lastCommitId);
	}

	@Override
	public int hashCode() {
		return this.path.hashCode() * 31 + Arrays.hashCode(this.content);
	}

	@Override
	public String toString() {
		return "RepositoryFile[path=" + this.path + ", " + this.content.length + " bytes, lastCommitId="
				+ this.lastCommitId + "]";
	}

}
