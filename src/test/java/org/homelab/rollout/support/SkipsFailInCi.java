package org.homelab.rollout.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Under {@code CI=true}, a test or class that aborts (a failed assumption, in the test or
 * in a lifecycle method) fails instead, with the abort's reason. Registered for every
 * test class through the service loader
 * ({@code junit.jupiter.extensions.autodetection.enabled} in junit-platform.properties).
 * Elsewhere it changes nothing: {@link SkipReport} lists the skip.
 */
public class SkipsFailInCi implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw inCi(throwable);
	}

	@Override
	public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
			throws Throwable {
		throw inCi(throwable);
	}

	@Override
	public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
			throws Throwable {
		throw inCi(throwable);
	}

	@Override
	public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
			throws Throwable {
		throw inCi(throwable);
	}

	@Override
	public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		throw inCi(throwable);
	}

	private static Throwable inCi(Throwable throwable) {
		if (throwable instanceof TestAbortedException && Skips.ci()) {
			return new AssertionFailedError(Skips.failureMessage(throwable.getMessage()), throwable);
		}
		return throwable;
	}

}
