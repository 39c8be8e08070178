package org.homelab.rollout.waiting;

import org.springframework.stereotype.Component;

/**
 * Between the engine, which learns of a new wait while it is being built, and the poller,
 * which is built after it: the poller listens once it runs.
 */
@Component
class NewWaits {

	private volatile Runnable listener = () -> {
	};

	void listen(Runnable listener) {
		this.listener = listener;
	}

	void created() {
		this.listener.run();
	}

}
