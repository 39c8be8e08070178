package org.homelab.rollout.engine;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.DeleteProcessInstancesCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CancelRetriesTests {

	private final AtomicInteger calls = new AtomicInteger();

	@Test
	void aCancelCollidingWithACommittingStepIsTriedAgain() {
		CancelRetries.Retrying retrying = retrying(2);

		Object answer = retrying.execute(new DeleteProcessInstanceCmd("run", null, true, true, true, false, false));

		assertThat(answer).isEqualTo("done");
		assertThat(this.calls).hasValue(3);
	}

	@Test
	void aCancelOfManyIsTriedAgainToo() {
		Object answer = retrying(1)
			.execute(new DeleteProcessInstancesCmd(List.of("a", "b"), null, true, true, true, false, false));

		assertThat(answer).isEqualTo("done");
		assertThat(this.calls).hasValue(2);
	}

	@Test
	void aCancelStillCollidingAfterFiveAttemptsIsAnsweredWithTheConflict() {
		CancelRetries.Retrying retrying = retrying(99);

		assertThatThrownBy(
				() -> retrying.execute(new DeleteProcessInstanceCmd("run", null, true, true, true, false, false)))
			.isInstanceOf(OptimisticLockingException.class);
		assertThat(this.calls).hasValue(5);
	}

	@Test
	void otherCommandsAreNotRetried() {
		CancelRetries.Retrying retrying = retrying(1);

		assertThatThrownBy(() -> retrying.execute((Command<Object>) context -> "other"))
			.isInstanceOf(OptimisticLockingException.class);
		assertThat(this.calls).hasValue(1);
	}

	/**
	 * Refuses the first {@code conflicts} commands with a conflict, then answers "done".
	 */
	private CancelRetries.Retrying retrying(int conflicts) {
		CancelRetries.Retrying retrying = new CancelRetries.Retrying(5);
		retrying.setNext(new CommandExecutor() {
			@Override
			@SuppressWarnings("unchecked")
			public <T> T execute(Command<T> command) {
				if (CancelRetriesTests.this.calls.incrementAndGet() <= conflicts) {
					throw new OptimisticLockingException("another step committed");
				}
				return (T) "done";
			}
		});
		return retrying;
	}

}
