package org.homelab.rollout.inventory;

import java.util.Optional;

/**
 * IPv4 literals and CIDR blocks, parsed without ever touching DNS (InetAddress would
 * resolve names).
 */
record Ipv4(long value) {

	static Optional<Ipv4> parse(String text) {
		if (text == null) {
			return Optional.empty();
		}
		String[] parts = text.trim().split("\\.", -1);
		if (parts.length != 4) {
			return Optional.empty();
		}
		long value = 0;
		for (String part : parts) {
			if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
				return Optional.empty();
			}
			value = (value << 8) | Integer.parseInt(part);
		}
		return Optional.of(new Ipv4(value));
	}

	/** A block such as {@code 192.168.1.0/24}; host bits must be zero. */
	record Cidr(Ipv4 network, int prefix) {

		static Optional<Cidr> parse(String text) {
			if (text == null || !text.matches("[0-9.]+/\\d{1,2}")) {
				return Optional.empty();
			}
			String[] parts = text.split("/");
			int prefix = Integer.parseInt(parts[1]);
			Optional<Ipv4> network = Ipv4.parse(parts[0]);
			if (prefix > 32 || network.isEmpty() || (network.get().value() & ~mask(prefix)) != 0) {
				return Optional.empty();
			}
			return Optional.of(new Cidr(network.get(), prefix));
		}

		boolean contains(Ipv4 address) {
			return (address.value() & mask(this.prefix)) == this.network.value();
		}

		private static long mask(int prefix) {
			return (prefix == 0) ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
		}

	}

}
