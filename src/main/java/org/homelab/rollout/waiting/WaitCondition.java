package org.homelab.rollout.waiting;

import java.util.Map;

/**
 * What an external task of the given topic waits for. {@link #check} looks once (one remote call, no sleeping) and
 * says whether the wait is over. A thrown exception is a failure: retried with back-off, then an incident carrying
 * its message, so messages must say which system, which call, what it answered and what to do.
 */
public interface WaitCondition {

	String topic();

	Check check(Map<String, Object> variables);

}
