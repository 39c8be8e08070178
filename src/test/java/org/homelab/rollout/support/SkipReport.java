package org.homelab.rollout.support;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Lists, when the run ends, every test or class that did not run and why
 * ({@code skipped: <test> — <why>}): on standard output and appended to
 * {@code target/skipped-tests.txt}, which {@code .ci/test} prints as the build's last
 * word (and under {@code CI=true} fails on, should anything have skipped without
 * {@link SkipsFailInCi} seeing it, e.g. a disabled test). Registered with the JUnit
 * Platform through the service loader.
 */
public class SkipReport implements TestExecutionListener {

	/**
	 * Where the list goes, relative to the working directory (the project, under
	 * Surefire).
	 */
	public static final String FILE_PROPERTY = "rollout.test.skips-file";

	private final PrintStream out;

	private final Path file;

	private final List<String> skipped = new ArrayList<>();

	public SkipReport() {
		this(System.out, Path.of(System.getProperty(FILE_PROPERTY, "target/skipped-tests.txt")));
	}

	SkipReport(PrintStream out, Path file) {
		this.out = out;
		this.file = file;
	}

	@Override
	public void executionSkipped(TestIdentifier test, String reason) {
		this.skipped.add(line(test, reason));
	}

	@Override
	public void executionFinished(TestIdentifier test, TestExecutionResult result) {
		if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
			this.skipped.add(line(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted")));
		}
	}

	@Override
	public void testPlanExecutionFinished(TestPlan plan) {
		if (this.skipped.isEmpty()) {
			return;
		}
		StringBuilder report = new StringBuilder();
		report.append(this.skipped.size())
			.append(" test(s) or class(es) did not run")
			.append(Skips.ci() ? " and FAIL this CI run (CI=true: a skip is a failure)" : "")
			.append(" (docs/testing.md):\n");
		this.skipped.forEach(line -> report.append("  ").append(line).append('\n'));
		this.out.print(report);
		this.out.flush();
		try {
			if (this.file.getParent() != null) {
				Files.createDirectories(this.file.getParent());
			}
			Files.writeString(this.file, String.join("\n", this.skipped) + "\n", StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	List<String> skipped() {
		return List.copyOf(this.skipped);
	}

	private static String line(TestIdentifier test, String reason) {
		return "skipped: " + name(test) + " — " + ((reason != null) ? reason.strip() : "no reason given");
	}

	private static String name(TestIdentifier test) {
		TestSource source = test.getSource().orElse(null);
		if (source instanceof MethodSource method) {
			return simple(method.getClassName()) + "." + method.getMethodName() + "()";
		}
		if (source instanceof ClassSource type) {
			return simple(type.getClassName()) + " (the whole class)";
		}
		return test.getDisplayName();
	}

	private static String simple(String className) {
		return className.substring(className.lastIndexOf('.') + 1);
	}

}
