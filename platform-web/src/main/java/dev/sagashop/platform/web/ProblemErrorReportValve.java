package dev.sagashop.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * What Tomcat answers itself, before any servlet runs (a request target with a character
 * RFC 3986 forbids, a path whose escapes are no UTF-8), as problem+json instead of its
 * HTML page. It takes the place of every other error report valve of the host.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

	/** Puts the valve in the host's pipeline once the context starts. */
	static void install(Context context) {
		context.addLifecycleListener((event) -> {
			if (!Lifecycle.BEFORE_START_EVENT.equals(event.getType()) || context.getParent() == null) {
				return;
			}
			// At this point the host has added its own report valves (Boot's too).
			Pipeline pipeline = context.getParent().getPipeline();
			boolean installed = false;
			for (Valve valve : pipeline.getValves()) {
				if (valve instanceof ProblemErrorReportValve) {
					installed = true;
				}
				else if (valve instanceof ErrorReportValve) {
					pipeline.removeValve(valve);
				}
			}
			if (!installed) {
				pipeline.addValve(new ProblemErrorReportValve());
			}
		});
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean writable = new AtomicBoolean();
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
		if (!writable.get()) {
			return;
		}
		try {
			response.setContentType(ProblemResponses.CONTENT_TYPE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(ProblemResponses.json(status, ProblemResponses.detail(status), request.getRequestURI()));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone, or the response was taken meanwhile: nothing to report
			// to.
		}
	}

}
