package org.homelab.rollout.rehearsal.vault;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;

/**
 * Answers {@code /v1/} requests in Vault's order: faults, seal, token, ACL, route,
 * contract, handler. Every request goes to the journal with the contract's verdict.
 */
final class VaultDispatcher extends Dispatcher {

	/**
	 * Paths a sealed Vault still answers (root generation with its own "Vault is sealed"
	 * errors, as Vault's core gives them).
	 */
	private static final Set<String> WHILE_SEALED = Set.of("sys/init", "sys/seal-status", "sys/health", "sys/unseal",
			"sys/generate-root/attempt", "sys/generate-root/update");

	private final VaultState state;

	private final VaultSchema schema;

	private final FaultInjector faults;

	private final RequestJournal journal;

	private final Latency latency;

	private final Duration timeout;

	private final Handlers handlers;

	private final Supplier<Metrics.Access> metrics;

	VaultDispatcher(VaultState state, VaultSchema schema, FaultInjector faults, RequestJournal journal, Latency latency,
			Duration timeout, Supplier<Metrics.Access> metrics) {
		this.metrics = metrics;
		this.state = state;
		this.schema = schema;
		this.faults = faults;
		this.journal = journal;
		this.latency = latency;
		this.timeout = timeout;
		this.handlers = new Handlers(state);
	}

	@Override
	public MockResponse dispatch(RecordedRequest recorded) {
		HttpUrl url = recorded.getUrl();
		String method = recorded.getMethod();
		if (url.encodedPath().equals("/") || url.encodedPath().startsWith("/ui")) {
			// the UI (ui = true in vault.hcl): / sends a browser to /ui/, which serves
			// the
			// single-page app
			this.journal.record("vault", method, url.encodedPath(), url.encodedPath().equals("/") ? 307 : 200, "ui");
			return url.encodedPath().equals("/")
					? new MockResponse.Builder().code(307).setHeader("Location", "/ui/").build()
					: new MockResponse.Builder().setHeader("Content-Type", "text/html; charset=utf-8")
						.body("<!DOCTYPE html><html><head><title>Vault</title></head><body></body></html>")
						.build();
		}
		if (!url.encodedPath().startsWith("/v1/")) {
			this.journal.record("vault", method, url.encodedPath(), 404, "unsupported path");
			return Reply.notFound().toMockResponse();
		}
		RequestParser.Parsed parsed = RequestParser.parse(recorded, url);
		if (parsed.error() != null) {
			this.journal.record("vault", method, url.encodedPath(), parsed.error().status(), "bad request");
			return parsed.error().toMockResponse();
		}
		VaultRequest request = parsed.request();
		if ("sys/metrics".equals(request.path()) && this.metrics.get().unauthenticated()) {
			// answered by Vault's HTTP layer: no seal, token or ACL check
			MockResponse metrics = Metrics.answer(this.state, request.query("format", ""), this.metrics.get());
			this.journal.record("vault", method, "/v1/sys/metrics", metrics.getCode(),
					this.schema.check("sys/metrics", request.op(), request.body()).verdict());
			return metrics;
		}
		Answer answer;
		synchronized (this.state) {
			answer = answer(request);
		}
		Duration hold = this.journal.record("vault", method, "/v1/" + request.path(), answer.reply().status(),
				answer.verdict());
		MockResponse response = answer.reply().toMockResponse();
		Duration delay = (hold.compareTo(answer.delay()) > 0) ? hold : answer.delay();
		// held back on the connection's own thread, never on a shared one
		return delay.isZero() ? response
				: response.newBuilder().headersDelay(delay.toMillis(), TimeUnit.MILLISECONDS).build();
	}

	private record Answer(Reply reply, String verdict, Duration delay) {

		Answer(Reply reply, String verdict) {
			this(reply, verdict, Duration.ZERO);
		}

	}

	private Answer answer(VaultRequest request) {
		boolean system = request.path().startsWith("sys/") || "sys".equals(request.path());
		Optional<MountTable.Route> route = system
				? this.state.mounts.route("sys/")
					.map(r -> new MountTable.Route(r.mount(),
							(request.path().length() > 4) ? request.path().substring(4) : ""))
				: this.state.mounts.route(request.path());
		// the contract names paths by mount type: "homelab/data/x" is
		// "{kv_v2_mount_path}/data/x"
		String specPath = route.map(r -> r.mount().specPrefix() + "/" + r.rest()).orElse(request.path());
		VaultSchema.Check check = this.schema.check(specPath, request.op(), request.body());
		String verdict = check.verdict();
		Optional<FaultInjector.Kind> fault = fault(request);
		if (fault.isPresent()) {
			return switch (fault.get()) {
				case TIMEOUT -> new Answer(Reply.error(503, "context deadline exceeded"), verdict, this.timeout);
				case HTTP_503 -> new Answer(Reply.error(503, "Vault is temporarily unavailable"), verdict);
				default -> new Answer(Reply.error(500, "internal error"), verdict);
			};
		}
		if (this.state.barrier.sealed() && !WHILE_SEALED.contains(request.path())) {
			return new Answer(Reply.sealed(), verdict);
		}
		// unauthenticated paths still see the caller's token, if any (e.g. the UI mount
		// preflight)
		Token caller = this.state.tokens.lookup(request.token()).orElse(null);
		if (!check.unauthenticated()) {
			if (caller == null) {
				return new Answer(Reply.error(403, Reply.PERMISSION_DENIED), verdict);
			}
			Handler handler = route.map(this.handlers::pick).orElse(null);
			if (!caller.root() && !permitted(caller, request, route.orElse(null), handler, check)) {
				return new Answer(Reply.error(403, Reply.multi(Reply.PERMISSION_DENIED)), verdict);
			}
			caller = this.state.tokens.use(caller);
		}
		if (route.isEmpty()) {
			return new Answer(
					Reply.error(404, "no handler for route \"" + request.path() + "\". route entry not found."),
					verdict);
		}
		if (check.rejection() != null) {
			return new Answer(check.rejection(), verdict);
		}
		Handler handler = this.handlers.pick(route.get());
		if (handler == null) {
			return new Answer(Reply.error(501, "rehearsal lab: " + request.path() + " is not simulated"), verdict);
		}
		boolean wasSealed = this.state.barrier.sealed();
		try {
			Reply reply = handler.handle(request, route.get(), caller);
			// the share that completes the threshold takes the unseal's simulated time
			boolean unsealed = wasSealed && !this.state.barrier.sealed();
			return new Answer(reply, verdict, unsealed ? this.latency.of("vault.unseal") : Duration.ZERO);
		}
		catch (IllegalArgumentException ex) {
			return new Answer(Reply.badRequest(ex.getMessage()), verdict);
		}
		catch (RuntimeException ex) {
			// a lab bug must still look like a failing Vault to the client, and show in
			// the journal as 500
			return new Answer(Reply.error(500, "internal error"), verdict);
		}
	}

	private boolean permitted(Token caller, VaultRequest request, MountTable.Route route, Handler handler,
			VaultSchema.Check check) {
		String capability = request.op().capability();
		if (request.op() == Op.WRITE && check.createSupported() && handler != null && route != null
				&& !handler.exists(request, route)) {
			capability = "create";
		}
		return this.state.policies.acl(caller.policies()).allows(request.path(), capability, check.sudo());
	}

	/** A call goes by its first path segment and by "api", so rules may name either. */
	private Optional<FaultInjector.Kind> fault(VaultRequest request) {
		return this.faults.next("vault", request.area(), "api");
	}

}
