package org.homelab.rollout.gitlab;

import java.util.Base64;

/**
 * One action of {@code POST /projects/:id/repository/commits}: create, update or delete a
 * file; content as text or base64 (binary files).
 */
public record CommitAction(String action, String filePath, String content, String encoding) {

	public static CommitAction create(String filePath, byte[] content) {
		return new CommitAction("create", filePath, Base64.getEncoder().encodeToString(content), "base64");
	}

	public static CommitAction update(String filePath, byte[] content) {
		return new CommitAction("update", filePath, Base64.getEncoder().encodeToString(content), "base64");
	}

	public static CommitAction createText(String filePath, String content) {
		return new CommitAction("create", filePath, content, "text");
	}

	public static CommitAction updateText(String filePath, String content) {
		return new CommitAction("update", filePath, content, "text");
	}

	public static CommitAction delete(String filePath) {
		return new CommitAction("delete", filePath, null, null);
	}

}
