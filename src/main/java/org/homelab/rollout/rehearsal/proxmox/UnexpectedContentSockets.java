package org.homelab.rollout.rehearsal.proxmox;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.function.BiFunction;

import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The lab's TLS sockets with {@link UnexpectedContent} over what they read: MockWebServer
 * layers TLS over each accepted connection itself, so the filter has to sit in the socket
 * it gets.
 */
final class UnexpectedContentSockets extends SSLSocketFactory {

	private final SSLSocketFactory tls;

	UnexpectedContentSockets(SSLSocketFactory tls) {
		this.tls = tls;
	}

	@Override
	public Socket createSocket(Socket raw, String host, int port, boolean autoClose) throws IOException {
		return new Filtered((SSLSocket) this.tls.createSocket(raw, host, port, autoClose));
	}

	@Override
	public String[] getDefaultCipherSuites() {
		return this.tls.getDefaultCipherSuites();
	}

	@Override
	public String[] getSupportedCipherSuites() {
		return this.tls.getSupportedCipherSuites();
	}

	@Override
	public Socket createSocket(String host, int port) {
		throw new UnsupportedOperationException("the lab only accepts connections");
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
		throw new UnsupportedOperationException("the lab only accepts connections");
	}

	@Override
	public Socket createSocket(InetAddress host, int port) {
		throw new UnsupportedOperationException("the lab only accepts connections");
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
		throw new UnsupportedOperationException("the lab only accepts connections");
	}

	/** An accepted TLS socket whose reads go through the filter; all else delegates. */
	private static final class Filtered extends SSLSocket {

		private final SSLSocket socket;

		private InputStream input;

		Filtered(SSLSocket socket) {
			this.socket = socket;
		}

		@Override
		public synchronized InputStream getInputStream() throws IOException {
			if (this.input == null) {
				this.input = new UnexpectedContent(new BufferedInputStream(this.socket.getInputStream()));
			}
			return this.input;
		}

		@Override
		public OutputStream getOutputStream() throws IOException {
			return this.socket.getOutputStream();
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

		@Override
		public boolean isClosed() {
			return this.socket.isClosed();
		}

		@Override
		public boolean isConnected() {
			return this.socket.isConnected();
		}

		@Override
		public boolean isInputShutdown() {
			return this.socket.isInputShutdown();
		}

		@Override
		public boolean isOutputShutdown() {
			return this.socket.isOutputShutdown();
		}

		@Override
		public void shutdownInput() throws IOException {
			this.socket.shutdownInput();
		}

		@Override
		public void shutdownOutput() throws IOException {
			this.socket.shutdownOutput();
		}

		@Override
		public InetAddress getInetAddress() {
			return this.socket.getInetAddress();
		}

		@Override
		public InetAddress getLocalAddress() {
			return this.socket.getLocalAddress();
		}

		@Override
		public int getPort() {
			return this.socket.getPort();
		}

		@Override
		public int getLocalPort() {
			return this.socket.getLocalPort();
		}

		@Override
		public SocketAddress getRemoteSocketAddress() {
			return this.socket.getRemoteSocketAddress();
		}

		@Override
		public SocketAddress getLocalSocketAddress() {
			return this.socket.getLocalSocketAddress();
		}

		@Override
		public void setSoTimeout(int timeout) throws SocketException {
			this.socket.setSoTimeout(timeout);
		}

		@Override
		public int getSoTimeout() throws SocketException {
			return this.socket.getSoTimeout();
		}

		@Override
		public void setTcpNoDelay(boolean on) throws SocketException {
			this.socket.setTcpNoDelay(on);
		}

		@Override
		public boolean getTcpNoDelay() throws SocketException {
			return this.socket.getTcpNoDelay();
		}

		@Override
		public String[] getSupportedCipherSuites() {
			return this.socket.getSupportedCipherSuites();
		}

		@Override
		public String[] getEnabledCipherSuites() {
			return this.socket.getEnabledCipherSuites();
		}

		@Override
		public void setEnabledCipherSuites(String[] suites) {
			this.socket.setEnabledCipherSuites(suites);
		}

		@Override
		public String[] getSupportedProtocols() {
			return this.socket.getSupportedProtocols();
		}

		@Override
		public String[] getEnabledProtocols() {
			return this.socket.getEnabledProtocols();
		}

		@Override
		public void setEnabledProtocols(String[] protocols) {
			this.socket.setEnabledProtocols(protocols);
		}

		@Override
		public SSLSession getSession() {
			return this.socket.getSession();
		}

		@Override
		public SSLSession getHandshakeSession() {
			return this.socket.getHandshakeSession();
		}

		@Override
		public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
			this.socket.addHandshakeCompletedListener(listener);
		}

		@Override
		public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
			this.socket.removeHandshakeCompletedListener(listener);
		}

		@Override
		public void startHandshake() throws IOException {
			this.socket.startHandshake();
		}

		@Override
		public void setUseClientMode(boolean mode) {
			this.socket.setUseClientMode(mode);
		}

		@Override
		public boolean getUseClientMode() {
			return this.socket.getUseClientMode();
		}

		@Override
		public void setNeedClientAuth(boolean need) {
			this.socket.setNeedClientAuth(need);
		}

		@Override
		public boolean getNeedClientAuth() {
			return this.socket.getNeedClientAuth();
		}

		@Override
		public void setWantClientAuth(boolean want) {
			this.socket.setWantClientAuth(want);
		}

		@Override
		public boolean getWantClientAuth() {
			return this.socket.getWantClientAuth();
		}

		@Override
		public void setEnableSessionCreation(boolean flag) {
			this.socket.setEnableSessionCreation(flag);
		}

		@Override
		public boolean getEnableSessionCreation() {
			return this.socket.getEnableSessionCreation();
		}

		@Override
		public SSLParameters getSSLParameters() {
			return this.socket.getSSLParameters();
		}

		@Override
		public void setSSLParameters(SSLParameters params) {
			this.socket.setSSLParameters(params);
		}

		@Override
		public String getApplicationProtocol() {
			return this.socket.getApplicationProtocol();
		}

		@Override
		public String getHandshakeApplicationProtocol() {
			return this.socket.getHandshakeApplicationProtocol();
		}

		@Override
		public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, List<String>, String> selector) {
			this.socket.setHandshakeApplicationProtocolSelector(selector);
		}

		@Override
		public BiFunction<SSLSocket, List<String>, String> getHandshakeApplicationProtocolSelector() {
			return this.socket.getHandshakeApplicationProtocolSelector();
		}

		@Override
		public String toString() {
			return this.socket.toString();
		}

	}

}
