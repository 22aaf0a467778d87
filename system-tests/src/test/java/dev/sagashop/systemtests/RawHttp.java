package dev.sagashop.systemtests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written byte for byte over a socket, one connection per request: what a fuzzer
 * needs and a client library refuses to send (any method, a path with any bytes, headers
 * as given, a body that contradicts its content type). A connection closed before a whole
 * response is an {@link IOException}: the server lost it.
 */
final class RawHttp {

	private RawHttp() {
	}

	/**
	 * A response as received.
	 *
	 * @param status the status code
	 * @param headers the headers, names in lower case (the last of repeated ones)
	 * @param body the body, decoded from chunks when it came in chunks
	 */
	record Response(int status, Map<String, String> headers, String body) {

		String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	/**
	 * Sends one request and reads its whole response.
	 * @param port the server's port on localhost
	 * @param method the method, as sent
	 * @param target the request target, as sent (encode it yourself)
	 * @param headers header lines' names and values, as sent; {@code Host},
	 * {@code Connection: close} and the body's {@code Content-Length} are added
	 * @param body the body's bytes, or {@code null} for none
	 */
	static Response send(int port, String method, String target, Map<String, String> headers, byte[] body)
			throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(40_000);
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
			head.append("Host: localhost:").append(port).append("\r\nConnection: close\r\n");
			headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
			if (body != null) {
				head.append("Content-Length: ").append(body.length).append("\r\n");
			}
			request.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
			if (body != null) {
				request.write(body);
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toByteArray());
			out.flush();
			return read(socket.getInputStream(), method.equals("HEAD"));
		}
	}

	private static Response read(InputStream in, boolean head) throws IOException {
		byte[] all = in.readAllBytes();
		String text = new String(all, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		if (!text.startsWith("HTTP/1.1 ") || end < 0) {
			throw new IOException("No whole response before the connection closed: " + abbreviate(text));
		}
		String[] lines = text.substring(0, end).split("\r\n");
		int status = Integer.parseInt(lines[0].substring(9, 12));
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
					lines[i].substring(colon + 1).trim());
		}
		byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
		if (head || status == 204 || status == 304) {
			body = new byte[0]; // headers only, whatever they say of a body
		}
		else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = unchunk(body);
		}
		else if (headers.containsKey("content-length")
				&& Integer.parseInt(headers.get("content-length")) != body.length) {
			throw new IOException(
					"The body ended after %d of %s bytes".formatted(body.length, headers.get("content-length")));
		}
		return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] unchunk(byte[] chunked) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		int at = 0;
		while (true) {
			int lineEnd = indexOf(chunked, at);
			if (lineEnd < 0) {
				throw new IOException("A chunked body ended without its last chunk");
			}
			String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
			int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
			if (size == 0) {
				return body.toByteArray();
			}
			if (lineEnd + 2 + size > chunked.length) {
				throw new IOException("A chunk ended early");
			}
			body.write(chunked, lineEnd + 2, size);
			at = lineEnd + 2 + size + 2;
		}
	}

	private static int indexOf(byte[] bytes, int from) {
		for (int i = from; i + 1 < bytes.length; i++) {
			if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
				return i;
			}
		}
		return -1;
	}

	static String abbreviate(String text) {
		return (text.length() > 300) ? text.substring(0, 300) + "... (" + text.length() + " chars)" : text;
	}

}
