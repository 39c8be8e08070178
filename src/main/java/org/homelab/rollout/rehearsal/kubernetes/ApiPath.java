package org.homelab.rollout.rehearsal.kubernetes;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes API request path taken apart: {@code /api/v1/namespaces/ns/pods/p/log} or
 * {@code /apis/helm.cattle.io/v1/namespaces/ns/helmcharts/x/status}. {@code group} is
 * empty for the core API.
 */
record ApiPath(String group, String version, String namespace, String plural, String name, String subresource,
		String query) {

	private static final Pattern PATTERN = Pattern
		.compile("^/(?:api|apis/(?<group>[^/]+))/(?<version>[^/]+)(?:/namespaces/(?<ns>[^/]+))?"
				+ "(?:/(?<plural>[^/]+)(?:/(?<name>[^/]+)(?:/(?<sub>[^/]+))?)?)?/?$");

	static Optional<ApiPath> parse(String fullPath) {
		int q = fullPath.indexOf('?');
		String path = (q < 0) ? fullPath : fullPath.substring(0, q);
		String query = (q < 0) ? "" : fullPath.substring(q + 1);
		Matcher m = PATTERN.matcher(path);
		if (!m.matches()) {
			return Optional.empty();
		}
		String group = (m.group("group") != null) ? m.group("group") : "";
		String ns = m.group("ns");
		if (ns != null && m.group("plural") == null) {
			// the namespace object itself: /api/v1/namespaces/{name}
			return Optional.of(new ApiPath(group, m.group("version"), null, "namespaces", ns, null, query));
		}
		return Optional
			.of(new ApiPath(group, m.group("version"), ns, m.group("plural"), m.group("name"), m.group("sub"), query));
	}

	/**
	 * The group-version root, e.g. {@code /apis/helm.cattle.io/v1}, asked for by
	 * discovery.
	 */
	boolean isGroupVersionRoot() {
		return this.plural == null && this.namespace == null;
	}

	String objectPath() {
		return prefix() + "/" + this.plural + "/" + this.name;
	}

	String collectionPath() {
		return prefix() + "/" + this.plural;
	}

	private String prefix() {
		String root = this.group.isEmpty() ? "/api/" + this.version : "/apis/" + this.group + "/" + this.version;
		return (this.namespace != null) ? root + "/namespaces/" + this.namespace : root;
	}

}
