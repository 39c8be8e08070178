package org.homelab.rollout.rehearsal.kubernetes;

import java.util.Optional;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * What a lab pod's container answers over HTTP on one of its ports: the lab's pods run no
 * process, so the parts of the lab that play an application (e.g. a GitLab Runner
 * manager's metrics) answer for it. Called on the API server's event loop: it must only
 * read memory.
 */
@FunctionalInterface
public interface PodServer {

	/**
	 * The answer of {@code pod}'s container listening on {@code port} to {@code GET path}
	 * ({@code path} with its query), empty when nothing listens there (connection
	 * refused).
	 */
	Optional<Reply> get(Pod pod, int port, String path);

	record Reply(int status, String contentType, String body) {
	}

}
