package org.homelab.rollout.kubernetes;

import org.springframework.core.NestedRuntimeException;

/**
 * A call to the K3s API server failed, or the cluster answered something the rollout
 * cannot go on with. The message says which call, what the cluster answered and what to
 * do; it never carries a secret value.
 */
public class KubernetesException extends NestedRuntimeException {

	public KubernetesException(String message) {
		super(message);
	}

	public KubernetesException(String message, Throwable cause) {
		super(message, cause);
	}

}
