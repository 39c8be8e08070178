package org.homelab.rollout.kubernetes;

import java.util.List;

/**
 * How a release the plan wants compares with its HelmChart in the cluster, without
 * changing anything: absent, there with the same spec, or there with these spec fields
 * different ({@code chart}, {@code version}, {@code valuesContent}, …). {@code deleting}:
 * the HelmChart is being deleted (an install waits until it is gone).
 */
public record ReleaseDrift(String name, boolean present, boolean deleting, List<String> differingFields) {

	public ReleaseDrift {
		differingFields = List.copyOf(differingFields);
	}

}
