package org.homelab.rollout.rehearsal.kubernetes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the simulated containers printed, by namespace and pod: the kubelet's side of
 * {@code pods/log}.
 */
final class PodLogs {

	private final Map<String, String> logs = new ConcurrentHashMap<>();

	void write(String namespace, String pod, String text) {
		this.logs.put(namespace + "/" + pod, text);
	}

	String read(String namespace, String pod) {
		return this.logs.getOrDefault(namespace + "/" + pod, "");
	}

	void clear() {
		this.logs.clear();
	}

}
