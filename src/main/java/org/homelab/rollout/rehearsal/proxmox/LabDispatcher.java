package org.homelab.rollout.rehearsal.proxmox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.homelab.rollout.rehearsal.FaultInjector;

/**
 * Answers each request in pve-http-server's order: an HTTP method it does not know (501),
 * authentication (401), body on GET/DELETE (501), routing (501), a parameter in both path
 * and request with another value (400), parameter verification (400), node lookup,
 * injected faults, then the handler under the state's monitor. Every request lands in the
 * journal with its schema verdict.
 */
final class LabDispatcher extends Dispatcher {

	private static final String SYSTEM = "proxmox";

	private static final long UNAUTHORIZED_DELAY_MILLIS = 3000;

	/** PVE::APIServer::AnyEvent's $known_methods. */
	private static final Set<String> KNOWN_METHODS = Set.of("GET", "POST", "PUT", "DELETE");

	private final LabState state;

	private final ProxmoxSchema schema;

	private final Auth auth;

	private final Router router;

	LabDispatcher(LabState state, ProxmoxSchema schema, Auth auth, Router router) {
		this.state = state;
		this.schema = schema;
		this.auth = auth;
		this.router = router;
	}

	@Override
	public MockResponse dispatch(RecordedRequest recorded) {
		String method = recorded.getMethod();
		List<String> segments = new ArrayList<>(recorded.getUrl().pathSegments());
		segments.removeIf(String::isEmpty);
		String verdict = this.schema.checked() ? "ok" : "unchecked";
		MockResponse response;
		try {
			response = answer(recorded, method, segments);
		}
		catch (Unanswerable ex) {
			// refused before any API handler: an answer of the HTTP server, not of the
			// API
			if (this.schema.checked()) {
				verdict = ex.status + " " + ex.getMessage();
			}
			response = ex.answer();
		}
		catch (PveError ex) {
			boolean contractBroken = (ex.status() == 400 && !ex.stateRefusal())
					|| (ex.status() == 501 && !ex.getMessage().contains("(not simulated"));
			if (contractBroken && this.schema.checked()) {
				verdict = ex.status() + " " + ex.getMessage() + (ex.errors().isEmpty() ? "" : " " + ex.errors());
			}
			response = Answers.error(ex);
			if (ex.status() == 401) {
				// pve-http-server delays every refused login by 3 s against guessing;
				// scaled like all latencies
				long millis = Math.round(UNAUTHORIZED_DELAY_MILLIS * this.state.settings.latency().scale());
				response = response.newBuilder().headersDelay(millis, TimeUnit.MILLISECONDS).build();
			}
		}
		catch (RuntimeException ex) {
			response = Answers.error(PveError.failed("internal error in the rehearsal lab: " + ex));
		}
		Duration hold = this.state.settings.journal()
			.record(SYSTEM, method, recorded.getUrl().encodedPath(), response.getCode(), verdict);
		// a held answer waits on this connection's own thread, after its effect
		return hold.isZero() ? response
				: response.newBuilder().headersDelay(hold.toMillis(), TimeUnit.MILLISECONDS).build();
	}

	private MockResponse answer(RecordedRequest recorded, String method, List<String> segments) {
		if (!KNOWN_METHODS.contains(method)) {
			// process_header answers before authentication, with no body at all
			throw new Unanswerable(501, "method '" + method + "' not available", "");
		}
		if (segments.size() < 2 || !segments.get(0).equals("api2") || !segments.get(1).equals("json")) {
			throw PveError.notImplemented(method, recorded.getUrl().encodedPath());
		}
		List<String> apiPath = segments.subList(2, segments.size());
		String path = "/" + String.join("/", apiPath);
		boolean login = path.equals("/access/ticket") && method.equals("POST");
		String user = login ? null : this.auth.authenticate(method, recorded.getHeaders());
		boolean content = recorded.getBodySize() > 0 || recorded.getHeaders().get(UnexpectedContent.HEADER) != null;
		if (!(method.equals("POST") || method.equals("PUT")) && content) {
			String message = "Unexpected content for method '" + method + "'";
			throw new Unanswerable(501, message, message);
		}
		ProxmoxSchema.Lookup lookup = this.schema.lookup(method, apiPath);
		Optional<Router.Matched> matched = this.router.find(method, apiPath);
		if (!lookup.found()) {
			throw PveError.notImplemented(method, path);
		}
		if (matched.isEmpty() && !this.schema.checked()) {
			throw PveError.notImplemented(method, path);
		}
		if (matched.isEmpty()) {
			throw new PveError(501,
					"Method '" + method + " " + path + "' not implemented (not simulated by the rehearsal lab)",
					Map.of());
		}
		Map<String, List<String>> params = new LinkedHashMap<>();
		matched.get().vars().forEach((k, v) -> params.put(k, List.of(v)));
		Map<String, List<String>> given = RequestParameters.read(recorded);
		duplicates(matched.get().vars(), given);
		given.forEach(params::putIfAbsent);
		Map<String, String> errors = this.schema.validate(lookup, params);
		if (!errors.isEmpty()) {
			throw PveError.parameters(errors);
		}
		if (params.containsKey("node") && !this.state.settings.nodes().contains(params.get("node").get(0))) {
			String node = params.get("node").get(0);
			throw PveError.failed("hostname lookup '" + node + "' failed - failed to get address info for: " + node
					+ ": Name or service not known");
		}
		Router.Route route = matched.get().route();
		if (user != null) {
			synchronized (this.state) {
				new Permissions(this.state.access).check(user, method, route.template().template(),
						matched.get().vars());
			}
		}
		Optional<FaultInjector.Kind> fault = fault(route.operation());
		if (fault.isPresent() && fault.get() == FaultInjector.Kind.TIMEOUT) {
			return Answers.error(new PveError(596, "Connection timed out", Map.of()))
				.newBuilder()
				.headersDelay(this.state.settings.timeoutDelay().toMillis(), TimeUnit.MILLISECONDS)
				.build();
		}
		fault.ifPresent(kind -> actOut(kind, route.operation()));
		ApiRequest request = new ApiRequest(method, path, params, (user != null) ? user : "", fault.orElse(null));
		synchronized (this.state) {
			return Answers.data(route.handler().handle(request));
		}
	}

	/**
	 * pve-manager's rest_handler takes a path parameter repeated in the query or body
	 * only with the same value, before the schema is checked; it goes through them
	 * sorted.
	 */
	private static void duplicates(Map<String, String> vars, Map<String, List<String>> given) {
		for (String name : new TreeSet<>(given.keySet())) {
			String inPath = vars.get(name);
			List<String> values = given.get(name);
			if (inPath != null && !(values.size() == 1 && values.get(0).equals(inPath))) {
				throw PveError
					.parameters(Map.of(name, "duplicate parameter (already defined in URI) with conflicting values!"));
			}
		}
	}

	/**
	 * A call goes by its route's own operation and by "api" (any call), so rules may name
	 * either.
	 */
	private Optional<FaultInjector.Kind> fault(String operation) {
		return this.state.settings.faults().next(SYSTEM, operation, "api");
	}

	private static void actOut(FaultInjector.Kind kind, String operation) {
		switch (kind) {
			case HTTP_500 -> throw PveError.failed("cfs-lock 'file-" + operation + "' error: got lock request timeout");
			case HTTP_503 -> throw new PveError(503, "Service Unavailable", Map.of());
			default -> {
				// VM_LOCKED and TASK_ERROR are acted out by the handler: PVE checks some
				// locks before forking
				// the task (500) and others inside it (task error); other kinds do not
				// apply to Proxmox
			}
		}
	}

	/**
	 * A refusal of pve-http-server's own (AnyEvent.pm), before any API handler: plain
	 * text, not the API's JSON.
	 */
	private static final class Unanswerable extends RuntimeException {

		private final int status;

		private final String body;

		Unanswerable(int status, String message, String body) {
			super(message, null, false, false);
			this.status = status;
			this.body = body;
		}

		MockResponse answer() {
			return Answers.plain(this.status, getMessage(), this.body);
		}

	}

}
