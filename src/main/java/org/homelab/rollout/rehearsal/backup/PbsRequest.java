package org.homelab.rollout.rehearsal.backup;

import java.util.List;
import java.util.Map;

/**
 * One API call as the routes see it: method, the lab's route template, the parameters
 * (query, form or JSON body, and path variables, as PBS merges them) and who is signed
 * in.
 */
record PbsRequest(String method, String route, Map<String, List<String>> params, String authId) {

	String param(String name) {
		List<String> values = this.params.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	List<String> all(String name) {
		return this.params.getOrDefault(name, List.of());
	}

	boolean flag(String name, boolean otherwise) {
		String value = param(name);
		return (value == null) ? otherwise : value.matches("(?i)1|true|yes|on");
	}

	Integer integer(String name) {
		String value = param(name);
		return (value == null) ? null : Integer.valueOf(value);
	}

	/** The user of the auth id (a token's owner). */
	String user() {
		int bang = this.authId.indexOf('!');
		return (bang < 0) ? this.authId : this.authId.substring(0, bang);
	}

}
