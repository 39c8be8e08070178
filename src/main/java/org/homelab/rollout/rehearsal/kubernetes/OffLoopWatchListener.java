package org.homelab.rollout.rehearsal.kubernetes;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

/**
 * Wraps the mock's watch listener so that closing a watch does not stall the API server:
 * fabric8 8.0's {@code WatchEventsListener.onClosed} waits on the Vert.x event loop for
 * its sender thread, which may itself be waiting for that event loop to write an event,
 * freezing every connection on the loop for up to 30 s. Here the close handling runs on a
 * thread of its own.
 */
final class OffLoopWatchListener extends WebSocketListener {

	private static final ExecutorService CLOSERS = Executors.newCachedThreadPool(r -> {
		Thread thread = new Thread(r, "k3s-lab-watch-closer");
		thread.setDaemon(true);
		return thread;
	});

	private final WebSocketListener delegate;

	OffLoopWatchListener(WebSocketListener delegate) {
		this.delegate = delegate;
	}

	@Override
	public void onBeforeAccept(WebSocket webSocket, Response response) {
		this.delegate.onBeforeAccept(webSocket, response);
	}

	@Override
	public void onOpen(WebSocket webSocket, Response response) {
		this.delegate.onOpen(webSocket, response);
	}

	@Override
	public void onMessage(WebSocket webSocket, String text) {
		this.delegate.onMessage(webSocket, text);
	}

	@Override
	public void onMessage(WebSocket webSocket, ByteString bytes) {
		this.delegate.onMessage(webSocket, bytes);
	}

	@Override
	public void onMessage(WebSocket webSocket, byte[] bytes) {
		this.delegate.onMessage(webSocket, bytes);
	}

	@Override
	public void onPing(WebSocket webSocket, byte[] bytes) {
		this.delegate.onPing(webSocket, bytes);
	}

	@Override
	public void onClosing(WebSocket webSocket, int code, String reason) {
		this.delegate.onClosing(webSocket, code, reason);
	}

	@Override
	public void onClosed(WebSocket webSocket, int code, String reason) {
		CLOSERS.execute(() -> this.delegate.onClosed(webSocket, code, reason));
	}

	@Override
	public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
		CLOSERS.execute(() -> this.delegate.onFailure(webSocket, failure, response));
	}

}
