package org.homelab.rollout.rehearsal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import javax.net.ServerSocketFactory;

/**
 * Server sockets whose connections send at once (TCP_NODELAY). MockWebServer writes
 * headers and body separately; with Nagle's algorithm against the client's delayed ACK
 * every answer would wait about 40 ms, which would swamp the lab's simulated latencies
 * and the benchmarks built on them.
 */
public final class NoDelayServerSockets extends ServerSocketFactory {

	@Override
	public ServerSocket createServerSocket() throws IOException {
		ServerSocket socket = new NoDelayServerSocket();
		// a restarted service (systemctl restart vault) binds its port again while old
		// connections linger
		socket.setReuseAddress(true);
		return socket;
	}

	@Override
	public ServerSocket createServerSocket(int port) throws IOException {
		ServerSocket socket = createServerSocket();
		socket.bind(new InetSocketAddress(port));
		return socket;
	}

	@Override
	public ServerSocket createServerSocket(int port, int backlog) throws IOException {
		ServerSocket socket = createServerSocket();
		socket.bind(new InetSocketAddress(port), backlog);
		return socket;
	}

	@Override
	public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
		ServerSocket socket = createServerSocket();
		socket.bind(new InetSocketAddress(address, port), backlog);
		return socket;
	}

	private static final class NoDelayServerSocket extends ServerSocket {

		NoDelayServerSocket() throws IOException {
		}

		@Override
		public Socket accept() throws IOException {
			Socket socket = super.accept();
			socket.setTcpNoDelay(true);
			return socket;
		}

	}

}
