package org.homelab.rollout.tools;

import org.springframework.core.NestedRuntimeException;

/**
 * The tool is neither configured nor on {@code PATH}: the message says how to provide it.
 */
public class ToolNotFoundException extends NestedRuntimeException {

	private final String tool;

	ToolNotFoundException(String tool, String message) {
		super(message);
		this.tool = tool;
	}

	public String tool() {
		return this.tool;
	}

}
