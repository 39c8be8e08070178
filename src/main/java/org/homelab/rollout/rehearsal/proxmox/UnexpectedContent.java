package org.homelab.rollout.rehearsal.proxmox;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the requests of one connection and hides the body of a GET or HEAD from
 * MockWebServer, which refuses such a request without answering (the client waits for its
 * timeout); pveproxy answers it at once with 501. The request reaches the dispatcher with
 * its Content-Length renamed to {@link #HEADER} and its body dropped. A request with a
 * Transfer-Encoding ends the filtering for the rest of the connection.
 */
final class UnexpectedContent extends FilterInputStream {

	/** Where the dispatcher finds the hidden body's length. */
	static final String HEADER = "X-Rehearsal-Unexpected-Content-Length";

	/** pve-http-server's own limit: 64 header lines of at most 8 KiB. */
	private static final int MAX_HEADER = 64 * 8 * 1024;

	private byte[] pending = new byte[0];

	private int position;

	private long bodyLeft;

	private long discardLeft;

	private boolean passThrough;

	UnexpectedContent(InputStream in) {
		super(in);
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		int n = read(one, 0, 1);
		return (n < 0) ? -1 : (one[0] & 0xFF);
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		if (length == 0) {
			return 0;
		}
		if (this.position < this.pending.length) {
			int n = Math.min(length, this.pending.length - this.position);
			System.arraycopy(this.pending, this.position, buffer, offset, n);
			this.position += n;
			return n;
		}
		if (this.passThrough) {
			return this.in.read(buffer, offset, length);
		}
		if (this.bodyLeft > 0) {
			int n = this.in.read(buffer, offset, (int) Math.min(length, this.bodyLeft));
			if (n > 0) {
				this.bodyLeft -= n;
			}
			return n;
		}
		while (this.discardLeft > 0) {
			long skipped = this.in.skip(this.discardLeft);
			if (skipped <= 0) {
				if (this.in.read() < 0) {
					return -1;
				}
				skipped = 1;
			}
			this.discardLeft -= skipped;
		}
		if (!nextHeader()) {
			return -1;
		}
		return read(buffer, offset, length);
	}

	@Override
	public int available() throws IOException {
		return (this.position < this.pending.length) ? this.pending.length - this.position : 0;
	}

	@Override
	public long skip(long n) throws IOException {
		return read(new byte[(int) Math.min(n, 8192)], 0, (int) Math.min(n, 8192));
	}

	@Override
	public boolean markSupported() {
		return false;
	}

	/** Reads one header block and decides what to do with its body. */
	private boolean nextHeader() throws IOException {
		ByteArrayOutputStream header = new ByteArrayOutputStream();
		int c;
		while ((c = this.in.read()) >= 0) {
			header.write(c);
			if (c == '\n' && endsWithBlankLine(header.toByteArray())) {
				break;
			}
			if (header.size() > MAX_HEADER) {
				this.passThrough = true;
				break;
			}
		}
		if (header.size() == 0) {
			return false;
		}
		this.pending = this.passThrough ? header.toByteArray() : rewrite(header.toString(StandardCharsets.ISO_8859_1));
		this.position = 0;
		return true;
	}

	private byte[] rewrite(String header) {
		String[] lines = header.split("\r?\n", -1);
		String method = lines[0].split(" ", 2)[0];
		boolean noBody = method.equals("GET") || method.equals("HEAD");
		long contentLength = 0;
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < lines.length - 1; i++) {
			String line = lines[i];
			String lower = line.toLowerCase(Locale.ROOT);
			if (i > 0 && lower.startsWith("transfer-encoding:")) {
				this.passThrough = true;
			}
			if (i > 0 && lower.startsWith("content-length:")) {
				try {
					contentLength = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
				}
				catch (NumberFormatException ex) {
					contentLength = 0;
				}
				if (noBody && contentLength > 0) {
					line = HEADER + ": " + contentLength;
				}
			}
			out.append(line).append("\r\n");
		}
		if (!this.passThrough) {
			if (noBody) {
				this.discardLeft = contentLength;
			}
			else {
				this.bodyLeft = contentLength;
			}
		}
		return out.toString().getBytes(StandardCharsets.ISO_8859_1);
	}

	private static boolean endsWithBlankLine(byte[] bytes) {
		int n = bytes.length;
		return (n >= 2 && bytes[n - 2] == '\n') || (n >= 3 && bytes[n - 3] == '\n' && bytes[n - 2] == '\r');
	}

}
