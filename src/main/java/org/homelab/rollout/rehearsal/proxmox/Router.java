package org.homelab.rollout.rehearsal.proxmox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The lab's own routing table (independent of the schema, which may be absent). */
final class Router {

	/**
	 * What a route does with a request: returns the {@code data} of the answer or throws
	 * {@link PveError}.
	 */
	@FunctionalInterface
	interface Handler {

		Object handle(ApiRequest request);

	}

	/**
	 * {@code operation} names the route for {@code FaultInjector} ("clone", "config",
	 * "agent" or just "api").
	 */
	record Route(String method, PathTemplate template, String operation, Handler handler) {
	}

	record Matched(Route route, Map<String, String> vars) {
	}

	private final List<Route> routes = new ArrayList<>();

	Router add(String method, String template, String operation, Handler handler) {
		this.routes.add(new Route(method, PathTemplate.of(template), operation, handler));
		this.routes.sort(Comparator.comparingInt((Route r) -> -r.template().literals()));
		return this;
	}

	List<Route> routes() {
		return List.copyOf(this.routes);
	}

	Optional<Matched> find(String method, List<String> segments) {
		for (Route route : this.routes) {
			if (route.method().equals(method)) {
				Optional<Map<String, String>> vars = route.template().match(segments);
				if (vars.isPresent()) {
					return Optional.of(new Matched(route, vars.get()));
				}
			}
		}
		return Optional.empty();
	}

}
