package org.homelab.rollout.rehearsal.vault;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The capabilities a set of policies grants on a path. Rules of all policies with the
 * same pattern are merged (deny wins); of the matching patterns the most specific one
 * decides, by Vault's priority rules: later first wildcard, no trailing glob, fewer
 * {@code +}, longer, then lexically greater.
 */
final class Acl {

	private final Map<String, Set<String>> merged = new LinkedHashMap<>();

	Acl(Collection<AclPolicy> policies) {
		for (AclPolicy policy : policies) {
			for (AclPolicy.Rule rule : policy.rules()) {
				Set<String> caps = this.merged.computeIfAbsent(rule.pattern(), p -> new HashSet<>());
				caps.addAll(rule.capabilities());
				if (caps.contains("deny")) {
					caps.retainAll(Set.of("deny"));
				}
			}
		}
	}

	/** The capabilities of the best matching pattern, empty if none matches. */
	Set<String> capabilities(String path) {
		Optional<String> best = this.merged.keySet().stream().filter(pattern -> matches(pattern, path)).max(PRIORITY);
		return best.map(this.merged::get).map(Set::copyOf).orElse(Set.of());
	}

	boolean allows(String path, String capability, boolean sudo) {
		Set<String> caps = capabilities(path);
		if (caps.contains("deny")) {
			return false;
		}
		return caps.contains(capability) && (!sudo || caps.contains("sudo"));
	}

	/**
	 * Whether some rule grants anything at or below {@code prefix}, as Vault's mount
	 * access preflight asks.
	 */
	boolean grantsBelow(String prefix) {
		return this.merged.entrySet()
			.stream()
			.anyMatch(e -> !e.getValue().contains("deny") && !e.getValue().isEmpty()
					&& (e.getKey().startsWith(prefix) || matches(e.getKey(), prefix)));
	}

	static boolean matches(String pattern, String path) {
		boolean glob = pattern.endsWith("*");
		String[] want = (glob ? pattern.substring(0, pattern.length() - 1) : pattern).split("/", -1);
		String[] have = path.split("/", -1);
		for (int i = 0; i < want.length; i++) {
			boolean lastWanted = i == want.length - 1;
			if (i >= have.length) {
				return false;
			}
			if ("+".equals(want[i])) {
				continue;
			}
			if (lastWanted && glob) {
				return have[i].startsWith(want[i]);
			}
			if (!want[i].equals(have[i])) {
				return false;
			}
		}
		return glob ? have.length >= want.length : have.length == want.length;
	}

	private static int firstWildcard(String pattern) {
		int plus = pattern.indexOf('+');
		int star = pattern.indexOf('*');
		int first = Integer.MAX_VALUE;
		if (plus >= 0) {
			first = plus;
		}
		if (star >= 0) {
			first = Math.min(first, star);
		}
		return first;
	}

	private static long pluses(String pattern) {
		return pattern.chars().filter(c -> c == '+').count();
	}

	static final Comparator<String> PRIORITY = Comparator.comparingInt(Acl::firstWildcard)
		.thenComparing(p -> !p.endsWith("*"))
		.thenComparing(p -> -pluses(p))
		.thenComparingInt(String::length)
		.thenComparing(Comparator.naturalOrder());

}
