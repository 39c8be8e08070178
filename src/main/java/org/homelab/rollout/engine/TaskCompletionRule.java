package org.homelab.rollout.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A rule a task's completion must meet beyond its form's fields, checked with them before
 * the engine is asked (so a refusal is a 400 and the task stays open, where an exception
 * of a task listener would be a 500): e.g. a choice allowed only by the live state. A
 * bean of this type applies to every task whose Camunda Form has the id {@link #form()}.
 */
public interface TaskCompletionRule {

	/** The Camunda Form id ({@code camunda:formRef}) of the tasks this rule checks. */
	String form();

	/**
	 * What is wrong with completing the task with {@code submitted} (the form's defaults
	 * filled in); empty when nothing. {@code current} reads the task's variables.
	 */
	List<String> problems(Map<String, Object> submitted, Function<String, Object> current);

}
