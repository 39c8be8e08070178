package org.homelab.rollout.engine;

import java.util.List;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.rest.dto.PatchVariablesDto;
import org.camunda.bpm.engine.rest.dto.SignalDto;
import org.camunda.bpm.engine.rest.dto.VariableValueDto;
import org.camunda.bpm.engine.rest.dto.message.CorrelationMessageDto;
import org.camunda.bpm.engine.rest.dto.runtime.StartProcessInstanceDto;
import org.camunda.bpm.engine.rest.dto.task.CompleteTaskDto;

/** What a request hands the engine, and where in its body the variables are. */
enum RestInputKind {

	START("/process-definition/(key/[^/]+(/tenant-id/[^/]+)?|[^/]+)/(start|submit-form)", "POST",
			StartProcessInstanceDto.class, "Not started, nothing was created: ", "variables"),

	COMPLETION("/task/[^/]+/(complete|submit-form)", "POST", CompleteTaskDto.class,
			"Not completed, the task stays open: ", "variables"),

	VARIABLES("/(process-instance|execution|task)/[^/]+/(variables|localVariables)", "POST", PatchVariablesDto.class,
			"Not set, nothing was changed: ", "modifications"),

	VARIABLE("/(process-instance|execution|task)/[^/]+/(variables|localVariables)/[^/]+", "PUT", VariableValueDto.class,
			"Not set, nothing was changed: "),

	MESSAGE("/message", "POST", CorrelationMessageDto.class, "Not delivered, nothing moved: ", "processVariables",
			"processVariablesLocal"),

	SIGNAL("/signal", "POST", SignalDto.class, "Not delivered, nothing moved: ", "variables");

	private final Pattern path;

	private final String method;

	private final Class<?> shape;

	private final String refused;

	/** The fields holding variable maps; none: the body is one variable's value. */
	private final List<String> variables;

	RestInputKind(String path, String method, Class<?> shape, String refused, String... variables) {
		this.path = Pattern.compile(path);
		this.method = method;
		this.shape = shape;
		this.refused = refused;
		this.variables = List.of(variables);
	}

	/** The kind of this request, or null if it hands the engine no variables. */
	static RestInputKind of(String method, String path) {
		for (RestInputKind kind : values()) {
			if (kind.method.equals(method) && kind.path.matcher(path).matches()) {
				return kind;
			}
		}
		return null;
	}

	String refused() {
		return this.refused;
	}

	Class<?> shape() {
		return this.shape;
	}

	List<String> variables() {
		return this.variables;
	}

}
