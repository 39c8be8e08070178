package org.homelab.rollout.argocd;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Applications ({@code /api/v1/applications}). */
public interface ArgoCdApplicationOperations {

	/** {@code GET /api/v1/applications/{name}}; empty when Argo CD has none. */
	Optional<ArgoCdApplication> get(String name);

	/**
	 * {@code GET /api/v1/applications}, optionally of one project (null for all).
	 */
	List<ArgoCdApplication> list(String project);

	/**
	 * {@code POST /api/v1/applications[?upsert=true]}. Without upsert an Application of
	 * that name with another spec is refused ("use upsert flag"); the same spec is
	 * answered as it stands.
	 */
	ArgoCdApplication create(ArgoCdApplicationSpec spec, boolean upsert);

	/**
	 * As {@link #create(ArgoCdApplicationSpec, boolean)} with a whole Application
	 * manifest (e.g. read from {@code deploy/gitops/}).
	 */
	ArgoCdApplication create(Map<String, Object> manifest, boolean upsert);

	/**
	 * {@code DELETE /api/v1/applications/{name}?cascade=…}: with cascade its resources go
	 * too. An Application already gone counts as deleted (false).
	 */
	boolean delete(String name, boolean cascade);

	/**
	 * {@code POST /api/v1/applications/{name}/sync}: starts a sync to {@code revision}
	 * (the target revision when null), pruning when asked; the answer is the Application
	 * with its operation started.
	 */
	ArgoCdApplication sync(String name, String revision, boolean prune);

	/**
	 * {@code GET /api/v1/applications/{name}?refresh=normal} ({@code hard} also drops the
	 * manifest cache): Argo CD compares with Git again now.
	 */
	ArgoCdApplication refresh(String name, boolean hard);

}
