package org.homelab.rollout.rehearsal.vault;

import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** KV v1: the body is the secret; no versions. */
final class KvV1Handler implements Handler {

	private final VaultState state;

	KvV1Handler(VaultState state) {
		this.state = state;
	}

	@Override
	public boolean exists(VaultRequest request, MountTable.Route route) {
		return this.state.kv1(route.mount().path()).containsKey(route.rest());
	}

	@Override
	public Reply handle(VaultRequest request, MountTable.Route route, Token caller) {
		Map<String, JsonNode> values = this.state.kv1(route.mount().path());
		String path = route.rest();
		return switch (request.op()) {
			case READ -> values.containsKey(path) ? Reply.data(values.get(path).deepCopy()) : Reply.notFound();
			case WRITE -> {
				values.put(path, request.body().deepCopy());
				yield Reply.noContent();
			}
			case DELETE -> {
				values.remove(path);
				yield Reply.noContent();
			}
			case LIST -> {
				TreeSet<String> keys = new TreeSet<>();
				values.keySet().stream().filter(k -> k.startsWith(path)).forEach(k -> {
					String below = k.substring(path.length());
					int slash = below.indexOf('/');
					keys.add((slash < 0) ? below : below.substring(0, slash + 1));
				});
				if (keys.isEmpty()) {
					yield Reply.notFound();
				}
				ObjectNode data = Json.object();
				data.set("keys", Json.array(keys));
				yield Reply.data(data);
			}
		};
	}

}
