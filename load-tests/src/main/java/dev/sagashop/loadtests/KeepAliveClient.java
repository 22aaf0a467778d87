package dev.sagashop.loadtests;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain HTTP/1.1 client for the overload step: blocking requests over keep-alive
 * connections, one request at a time on each, the caller's thread doing the I/O (ADR 40).
 * The overload step sends three times the sustained rate from the machine under test:
 * with the JDK's {@code HttpClient} the bench's own JVM used ~2–3 ms of CPU a request, a
 * third of a core or more at 150 a second (2026-12-06), taken from the stack it measures;
 * with this one ~0.5 ms. It knows what the stack answers: bodies with a
 * {@code Content-Length} or chunked, and {@code Connection: close}.
 */
final class KeepAliveClient implements AutoCloseable {

	private final InetSocketAddress address;

	private final int timeoutMillis;

	private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

	private final AtomicInteger opened = new AtomicInteger();

	/**
	 * @param base {@code http://host:port}
	 * @param timeout how long connecting, or waiting for an answer's next bytes, may take
	 */
	KeepAliveClient(URI base, Duration timeout) {
		this.address = new InetSocketAddress(base.getHost(), base.getPort());
		this.timeoutMillis = (int) timeout.toMillis();
	}

	/**
	 * Sends a {@code POST} and reads its answer whole. When a connection kept from an
	 * earlier request fails before any byte of the answer came (the server may close an
	 * idle one), the request is sent once more on a new connection: the bench's requests
	 * carry an {@code Idempotency-Key}, so a request the server did take is not placed
	 * twice.
	 * @param path the request's path
	 * @param headers its headers, {@code Host} and {@code Content-Length} left out
	 * @param body its body, UTF-8
	 * @return the answer
	 * @throws IOException when the server cannot be reached or answers nothing readable
	 */
	Response post(String path, Map<String, String> headers, String body) throws IOException {
		byte[] request = request(path, headers, body.getBytes(StandardCharsets.UTF_8));
		Connection kept = this.idle.pollFirst();
		if (kept != null) {
			try {
				return exchange(kept, request);
			}
			catch (StaleConnection ex) {
				// closed by exchange; once more on a new connection
			}
		}
		return exchange(open(), request);
	}

	/** Connections opened so far. */
	int opened() {
		return this.opened.get();
	}

	@Override
	public void close() {
		for (Connection connection = this.idle.poll(); connection != null; connection = this.idle.poll()) {
			connection.close();
		}
	}

	private byte[] request(String path, Map<String, String> headers, byte[] body) {
		StringBuilder head = new StringBuilder("POST ").append(path)
			.append(" HTTP/1.1\r\nHost: ")
			.append(this.address.getHostString())
			.append(':')
			.append(this.address.getPort())
			.append("\r\n");
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
		byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
		byte[] request = new byte[headBytes.length + body.length];
		System.arraycopy(headBytes, 0, request, 0, headBytes.length);
		System.arraycopy(body, 0, request, headBytes.length, body.length);
		return request;
	}

	private Connection open() throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(this.address, this.timeoutMillis);
			socket.setSoTimeout(this.timeoutMillis);
			socket.setTcpNoDelay(true);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
		this.opened.incrementAndGet();
		return new Connection(socket, new BufferedInputStream(socket.getInputStream()), socket.getOutputStream());
	}

	private Response exchange(Connection connection, byte[] request) throws IOException {
		Response response;
		try {
			String statusLine;
			try {
				connection.out().write(request);
				connection.out().flush();
				statusLine = readLine(connection.in());
			}
			catch (IOException ex) {
				throw new StaleConnection(ex);
			}
			if (statusLine == null) {
				throw new StaleConnection(null);
			}
			response = read(statusLine, connection.in());
		}
		catch (IOException | RuntimeException ex) {
			connection.close();
			throw (ex instanceof IOException io) ? io : new IOException("Unreadable answer: " + ex.getMessage(), ex);
		}
		if ("close".equalsIgnoreCase(response.header("connection"))) {
			connection.close();
		}
		else {
			this.idle.offerFirst(connection);
		}
		return response;
	}

	private static Response read(String statusLine, InputStream in) throws IOException {
		if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
			throw new IOException("Not an HTTP/1.x status line: " + statusLine);
		}
		int status = Integer.parseInt(statusLine.substring(9, 12));
		Map<String, String> headers = readHeaders(in);
		byte[] body;
		String length = headers.get("content-length");
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = readChunked(in);
		}
		else if (length != null) {
			int expected = Integer.parseInt(length.trim());
			body = in.readNBytes(expected);
			if (body.length < expected) {
				throw new EOFException("The answer's body ended early");
			}
		}
		else if (status == 204 || status == 304) {
			body = new byte[0];
		}
		else {
			// Neither: the body runs until the server closes the connection.
			body = in.readAllBytes();
			headers.put("connection", "close");
		}
		return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	/** Header names in lower case; the first value of each. */
	private static Map<String, String> readHeaders(InputStream in) throws IOException {
		Map<String, String> headers = new LinkedHashMap<>();
		for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
						line.substring(colon + 1).trim());
			}
		}
		return headers;
	}

	private static byte[] readChunked(InputStream in) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine(in);
			if (sizeLine == null) {
				throw new EOFException("The chunked answer ended early");
			}
			int extension = sizeLine.indexOf(';');
			int size = Integer.parseInt((extension >= 0) ? sizeLine.substring(0, extension).trim() : sizeLine.trim(),
					16);
			if (size == 0) {
				readHeaders(in); // trailers, up to the empty line
				return body.toByteArray();
			}
			byte[] chunk = in.readNBytes(size);
			if (chunk.length < size) {
				throw new EOFException("A chunk ended early");
			}
			body.write(chunk);
			readLine(in); // the CRLF after the chunk
		}
	}

	/**
	 * A line without its CRLF, ISO-8859-1; null at the end of the stream before any byte.
	 */
	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = in.read()) != -1) {
			if (b == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			line.append((char) b);
		}
		if (line.length() == 0) {
			return null;
		}
		throw new EOFException("A line ended early");
	}

	/**
	 * An answer.
	 *
	 * @param status its status code
	 * @param headers its headers, names in lower case, the first value of each
	 * @param body its body, UTF-8
	 */
	record Response(int status, Map<String, String> headers, String body) {

		/** A header's first value, null without it. */
		String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	private record Connection(Socket socket, InputStream in, OutputStream out) {

		void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closed anyway
			}
		}

	}

	/**
	 * No answer began: the request could not be sent, or the connection ended before the
	 * status line (on a kept one, the server may have closed it while it was idle).
	 */
	private static final class StaleConnection extends IOException {

		StaleConnection(IOException cause) {
			super("No answer on the connection" + ((cause != null) ? ": " + cause.getMessage() : ""), cause);
		}

	}

}
