package org.homelab.rollout.gitlab.steps;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.homelab.rollout.criteria.Criterion;

/**
 * Process variable names of ci-smoke-check (CI/CD proven with homelab/ci-smoke's
 * pipeline), shared by its steps, model and tests.
 */
public final class CiSmokeVariables {

	/** The project whose pipeline proves runners and registry. */
	public static final String PROJECT = "homelab/ci-smoke";

	/** Out: the ci-smoke project's ID. */
	public static final String PROJECT_ID = "ciSmokeProjectId";

	/**
	 * Out (Long): the pipeline this run started; in: a retry or second pass adopts it
	 * instead of starting another.
	 */
	public static final String PIPELINE_ID = "ciSmokePipelineId";

	/** Out: the commit the pipeline runs (its short SHA is one of the image's tags). */
	public static final String PIPELINE_SHA = "ciSmokeCommit";

	/** Out: the pipeline's page in GitLab. */
	public static final String PIPELINE_URL = "ciSmokePipelineUrl";

	/** Out of the wait: the pipeline's final status (success, failed, canceled). */
	public static final String PIPELINE_STATUS = "ciSmokePipelineStatus";

	/**
	 * In, optional (Long): the GPU runner's ID, when known; jobs tagged gpu must run
	 * there.
	 */
	public static final String GPU_RUNNER_ID = "ciSmokeGpuRunnerId";

	/** In, optional (Long): the general runner's ID, when known. */
	public static final String GENERAL_RUNNER_ID = "ciSmokeGeneralRunnerId";

	/** In, optional: how long to wait for the pipeline (ISO-8601, default PT30M). */
	public static final String TIMEOUT = "ciSmokeTimeout";

	/**
	 * Success criteria keys; each sets {@code <key>Met} (Boolean) and {@code <key>Result}
	 * (String).
	 */
	public static final String RUNNERS_EXECUTING = "runnersExecuting";

	public static final String REGISTRY_OPERATIONAL = "registryOperational";

	public static final String PIPELINES_RUNNING = "pipelinesRunning";

	private CiSmokeVariables() {
	}

	/**
	 * Sets {@code <key>Met} and {@code <key>Result}; a String variable holds at most 4000
	 * characters.
	 */
	static void criterion(VariableScope execution, String key, Criterion criterion) {
		String result = criterion.result();
		execution.setVariable(key + "Met", criterion.met());
		execution.setVariable(key + "Result", (result.length() <= 3900) ? result : result.substring(0, 3900) + "…");
	}

	/** A Long variable the model must have set. */
	static long required(VariableScope execution, String name) {
		Object value = execution.getVariable(name);
		if (!(value instanceof Number number)) {
			throw new IllegalStateException("The step needs the process variable '" + name + "' as a number, but it is "
					+ ((value == null) ? "not set" : "a " + value.getClass().getSimpleName())
					+ ": start-ci-smoke-pipeline sets it; check the model.");
		}
		return number.longValue();
	}

	static Long optional(VariableScope execution, String name) {
		Object value = execution.getVariable(name);
		return (value instanceof Number number) ? number.longValue() : null;
	}

}
