package org.homelab.rollout.plan;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a run would do to one thing it touches. */
public enum PlanAction {

	/** It does not exist: the run creates it. */
	CREATE("create"),

	/** It exists as planned: the run adopts it unchanged. */
	ADOPT("adopt"),

	/** It exists but differs (the entry names the fields): the run adopts it. */
	ADOPT_WITH_CHANGES("adopt with changes"),

	/** The run cannot go through here (the entry says why). */
	BLOCKED("blocked");

	private final String word;

	PlanAction(String word) {
		this.word = word;
	}

	@JsonValue
	public String word() {
		return this.word;
	}

}
