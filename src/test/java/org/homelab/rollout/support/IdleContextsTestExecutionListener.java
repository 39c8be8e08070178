package org.homelab.rollout.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.homelab.rollout.rehearsal.RehearsalLab;

import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Spring keeps every test context it loaded running until the JVM ends: twenty-odd here,
 * each with an engine whose job acquisition and wait poller kept looking at their
 * databases on the two cores beside the test that runs (the crash tests ran 60 % slower
 * among them). After a test class, its context's job executor, wait poller and the lab's
 * background work ({@link RehearsalLab#suspend()}) are paused; before the next class that
 * uses the cached context they run again. Only what this listener paused is started
 * again, so a context that runs without a job executor stays so. Registered for every
 * test in {@code META-INF/spring.factories}.
 */
public class IdleContextsTestExecutionListener extends AbstractTestExecutionListener {

	/** What each paused context had running. */
	private static final Map<ApplicationContext, List<Runnable>> PAUSED = new WeakHashMap<>();

	@Override
	public int getOrder() {
		return HIGHEST_PRECEDENCE;
	}

	@Override
	public void beforeTestClass(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			resume(testContext.getApplicationContext());
		}
	}

	@Override
	public void prepareTestInstance(TestContext testContext) {
		// a context another listener loaded meanwhile, or one paused by an earlier class
		resume(testContext.getApplicationContext());
	}

	@Override
	public void afterTestClass(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			pause(testContext.getApplicationContext());
		}
	}

	static synchronized void pause(ApplicationContext context) {
		if (PAUSED.containsKey(context)) {
			return;
		}
		List<Runnable> resumes = new ArrayList<>();
		context.getBeanProvider(ProcessEngine.class).ifAvailable(engine -> {
			JobExecutor jobs = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
				.getJobExecutor();
			if (jobs != null && jobs.isActive()) {
				jobs.shutdown();
				resumes.add(jobs::start);
			}
		});
		context.getBeansOfType(SmartLifecycle.class, false, false).values().forEach(bean -> {
			if (bean.getClass().getPackageName().startsWith("org.homelab.rollout.waiting") && bean.isRunning()) {
				bean.stop();
				resumes.add(bean::start);
			}
		});
		// the lab's own background work (runner polls, Argo CD's loop, the token
		// controller): about a sixth of a core per idle context through K3s's API
		context.getBeanProvider(RehearsalLab.class).ifAvailable(lab -> {
			lab.suspend();
			resumes.add(lab::resume);
		});
		PAUSED.put(context, resumes);
	}

	static synchronized void resume(ApplicationContext context) {
		List<Runnable> resumes = PAUSED.remove(context);
		if (resumes != null) {
			resumes.forEach(Runnable::run);
		}
	}

}
