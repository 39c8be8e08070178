package org.homelab.rollout.rehearsal.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.kubernetes.CustomResourceWrites.Answer;

/**
 * The lab's API server front: authenticates bearer tokens, injects faults, serves
 * discovery, pod logs and the service proxy, holds service account tokens to RBAC, checks
 * contract custom resources, turns server-side apply into what the CRUD mock understands,
 * and journals every request of the product (not those of the lab's own helm-controller).
 * Runs on Vert.x event loops, so it never blocks.
 */
final class LabDispatcher extends Dispatcher {

	private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
			HttpMethod.DELETE);

	private final SeededStore store;

	private final ContractCrds crds;

	private final Discovery discovery;

	private final PodLogs logs;

	private final LabTokens tokens;

	private final FaultInjector faults;

	private final RequestJournal journal;

	private final CustomResourceWrites customResources;

	private final ServiceAccountAccess accounts;

	private final ServiceProxy proxy;

	// writes read the stored object before replacing it, so they take turns
	private final Object writeLock = new Object();

	LabDispatcher(SeededStore store, ContractCrds crds, PodLogs logs, LabTokens tokens, FaultInjector faults,
			RequestJournal journal, List<PodServer> podServers) {
		this.store = store;
		this.crds = crds;
		this.discovery = new Discovery(crds);
		this.logs = logs;
		this.tokens = tokens;
		this.faults = faults;
		this.journal = journal;
		this.customResources = new CustomResourceWrites(store::dispatch);
		this.accounts = new ServiceAccountAccess(store::dispatch);
		this.proxy = new ServiceProxy(store::dispatch, podServers);
	}

	@Override
	public MockResponse dispatch(RecordedRequest request) {
		String token = bearer(request);
		boolean product = !this.tokens.controller().equals(token);
		Answer answer;
		if (!this.tokens.admin().equals(token) && !this.tokens.controller().equals(token)) {
			// a service account's token (Prometheus's), held to its RBAC; the lab's
			// faults stay for the engine
			answer = this.accounts.account(request, token)
				.map(account -> this.accounts.refusal(request, account)
					.map(LabDispatcher::ok)
					.orElseGet(() -> serve(request)))
				.orElseGet(() -> new Answer(StatusBodies.failure(401, "Unauthorized", "Unauthorized"), "ok"));
		}
		else {
			answer = (product ? fault() : Optional.<Answer>empty()).orElseGet(() -> serve(request));
		}
		if (product) {
			// without the contracts nothing was checked, and the journal must not claim
			// otherwise
			String verdict = this.crds.anyChecked() ? answer.verdict() : "unchecked";
			Duration hold = this.journal.record("kubernetes", request.getMethod(), request.getPath(),
					answer.response().code(), verdict);
			if (!hold.isZero()) {
				// a Vert.x timer: the event loop goes on
				return answer.response().setBodyDelay(hold);
			}
		}
		return answer.response();
	}

	private Answer serve(RecordedRequest request) {
		try {
			if (WRITES.contains(request.method())) {
				synchronized (this.writeLock) {
					return route(request);
				}
			}
			return route(request);
		}
		catch (RuntimeException ex) {
			// a lab bug must still answer, as the API server does
			return ok(StatusBodies.failure(500, "InternalError", "Internal error occurred: " + ex));
		}
	}

	private Answer route(RecordedRequest request) {
		String path = request.getPath();
		if (request.method() == HttpMethod.GET && path.split("\\?")[0].equals("/apis")) {
			return ok(StatusBodies.json(200, this.discovery.groups()));
		}
		if (request.method() == HttpMethod.GET && ServiceProxy.matches(path)) {
			return ok(this.proxy.forward(request));
		}
		Optional<ApiPath> api = ApiPath.parse(path);
		if (api.isEmpty()) {
			return ok(this.store.dispatch(request));
		}
		if (request.method() == HttpMethod.GET && api.get().query().contains("watch=true")) {
			MockResponse watch = this.store.dispatch(request);
			return ok((watch.getWebSocketListener() == null) ? watch
					: new MockResponse().withWebSocketUpgrade(new OffLoopWatchListener(watch.getWebSocketListener())));
		}
		ApiPath at = api.get();
		if (request.method() == HttpMethod.GET && at.isGroupVersionRoot()
				&& this.discovery.knows(at.group(), at.version())) {
			return ok(StatusBodies.json(200, this.discovery.resources(at.group(), at.version())));
		}
		if (request.method() == HttpMethod.GET && "pods".equals(at.plural()) && "log".equals(at.subresource())) {
			return ok(podLog(request, at));
		}
		String body = CustomResourceWrites.text(request.getBody());
		if (request.method() == HttpMethod.PATCH && isApply(request)) {
			return ServerSideApply.convert(request, at, body, this.store::dispatch)
				.map(this::route)
				.orElseGet(() -> ok(StatusBodies.failure(400, "BadRequest", "invalid apply configuration")));
		}
		if (request.method() != HttpMethod.GET && request.method() != HttpMethod.DELETE && at.plural() != null) {
			Optional<CrdSchema> crd = this.crds.find(at.group(), at.version(), at.plural());
			if (crd.isPresent()) {
				return this.customResources.write(request, at, crd.get(), body);
			}
		}
		MockResponse response = this.store.dispatch(request);
		if (request.method() == HttpMethod.DELETE && at.group().isEmpty() && "namespaces".equals(at.plural())
				&& at.name() != null && response.code() == 200) {
			// the namespace controller's part: what the namespace held goes with it
			// (finalizers still apply)
			this.store.objectPathsIn(at.name())
				.forEach(object -> this.store.dispatch(CustomResourceWrites.delete(request, object)));
		}
		if (response.code() == 404 && at.name() != null
				&& (response.getBody() == null || response.getBody().size() == 0)) {
			// the mock answers a miss with no body; the API server sends a Status naming
			// the resource
			String resource = at.group().isEmpty() ? at.plural() : at.plural() + "." + at.group();
			return ok(StatusBodies.notFound(resource, at.name()));
		}
		return ok(response);
	}

	private MockResponse podLog(RecordedRequest request, ApiPath at) {
		String podPath = "/api/v1/namespaces/" + at.namespace() + "/pods/" + at.name();
		if (this.store.dispatch(CustomResourceWrites.get(request, podPath)).code() != 200) {
			return StatusBodies.notFound("pods", at.name());
		}
		return new MockResponse().setResponseCode(200)
			.setHeader("Content-Type", "text/plain")
			.setBody(this.logs.read(at.namespace(), at.name()));
	}

	private Optional<Answer> fault() {
		return this.faults.next("kubernetes", "api").map(kind -> switch (kind) {
			case HTTP_500 ->
				StatusBodies.failure(500, "InternalError", "Internal error occurred: etcdserver: request timed out");
			case HTTP_503 ->
				StatusBodies.failure(503, "ServiceUnavailable", "the server is currently unable to handle the request");
			case TIMEOUT -> StatusBodies.failure(504, "Timeout",
					"Timeout: request did not complete within requested timeout - context deadline exceeded");
			default -> null;
		}).map(response -> new Answer(response, "ok"));
	}

	private static boolean isApply(RecordedRequest request) {
		String type = request.getHeader("Content-Type");
		return type != null && type.startsWith(Patches.APPLY_PATCH);
	}

	private static String bearer(RecordedRequest request) {
		String header = request.getHeader("Authorization");
		return (header != null && header.startsWith("Bearer ")) ? header.substring(7).trim() : "";
	}

	private static Answer ok(MockResponse response) {
		return new Answer(response, "ok");
	}

	@Override
	public void shutdown() {
		this.store.shutdown();
	}

	@Override
	public void releaseResources() {
		this.store.releaseResources();
	}

}
