package org.homelab.rollout.frontdoor;

import java.util.List;

import org.yaml.snakeyaml.nodes.Node;

/**
 * Adds and removes a service's entry in Homepage's {@code services.yaml}, in Homepage's
 * documented shape: a list of groups, each a one-key map of the group's name to a list of
 * one-key maps of a service's name to its {@code href}, {@code icon}, {@code description}
 * and {@code widget}. Edits are whole lines ({@link YamlText}), so the other entries keep
 * every byte; a group the service brought is removed with it.
 */
public final class HomepageServices {

	private static final String FILE = "Homepage's services.yaml";

	/** Whether the file lists the service under its group already. */
	public boolean lists(String services, ExposedService service) {
		return find(entries(find(groups(services), service.homepage().group())), displayName(service)) != null;
	}

	/**
	 * The file with the service's entry added to its group (the group added at the end if
	 * new).
	 */
	public String add(String services, ExposedService service) {
		List<Node> groups = groups(services);
		String name = service.homepage().group();
		Node group = find(groups, name);
		if (find(entries(group), displayName(service)) != null) {
			throw new FrontdoorConfigurationException(FILE + " already lists " + displayName(service) + " under " + name
					+ "; remove that entry first (unexpose-service) or pick another name", null);
		}
		String result;
		if (group == null) {
			String indent = groups.isEmpty() ? "" : " ".repeat(YamlText.dashColumn(services, groups.get(0)));
			String block = indent + "- \"" + name + "\":\n" + entry(service, indent + "    ");
			result = YamlText.insertBefore(services, Integer.MAX_VALUE, block);
		}
		else {
			List<Node> entries = entries(group);
			if (entries == null || entries.isEmpty()) {
				throw new FrontdoorConfigurationException(
						FILE + ": group " + name + " is not a block list of"
								+ " services; give it one entry by hand, or let the rollout use a group of its own",
						null);
			}
			String indent = " ".repeat(YamlText.dashColumn(services, entries.get(0)));
			result = YamlText.insertBefore(services, YamlText.lastLine(entries.get(entries.size() - 1)) + 1,
					entry(service, indent));
		}
		groups(result);
		return result;
	}

	/**
	 * The file without the service's entry; without its group too when nothing else is in
	 * it.
	 */
	public String remove(String services, ExposedService service) {
		List<Node> groups = groups(services);
		Node group = find(groups, service.homepage().group());
		List<Node> entries = entries(group);
		Node entry = find(entries, displayName(service));
		if (entry == null) {
			return services;
		}
		Node whole = (entries.size() == 1) ? group : entry;
		String result = YamlText.removeLines(services, YamlText.firstLine(whole), YamlText.lastLine(whole));
		groups(result);
		return result;
	}

	/** The name Homepage shows: the service's name as the rollout knows it. */
	static String displayName(ExposedService service) {
		return service.name();
	}

	/** The groups, refusing a file that is not in Homepage's shape. */
	private static List<Node> groups(String services) {
		Node root = YamlText.compose(services, FILE);
		if (root == null) {
			return List.of();
		}
		List<Node> groups = YamlText.blockItems(root);
		if (groups == null) {
			throw new FrontdoorConfigurationException(FILE + " is not a list of groups (Homepage's shape)", null);
		}
		for (Node group : groups) {
			if (YamlText.onlyKey(group) == null) {
				throw new FrontdoorConfigurationException(FILE + ": the group on line "
						+ (YamlText.firstLine(group) + 1) + " is not a one-key map of its name to its services", null);
			}
		}
		return groups;
	}

	private static List<Node> entries(Node group) {
		return (group != null) ? YamlText.blockItems(YamlText.get(group, YamlText.onlyKey(group))) : null;
	}

	private static Node find(List<Node> items, String name) {
		if (items != null) {
			for (Node item : items) {
				if (name.equals(YamlText.onlyKey(item))) {
					return item;
				}
			}
		}
		return null;
	}

	private static String entry(ExposedService service, String indent) {
		HomepageEntry homepage = service.homepage();
		StringBuilder entry = new StringBuilder();
		entry.append(indent).append("- ").append(displayName(service)).append(":\n");
		String inner = indent + "    ";
		entry.append(inner).append("href: \"").append(service.href()).append("\"\n");
		entry.append(inner).append("icon: \"").append(homepage.icon()).append("\"\n");
		entry.append(inner).append("description: \"").append(homepage.description()).append("\"\n");
		if (homepage.widgetType() != null) {
			entry.append(inner).append("widget:\n");
			entry.append(inner).append("  type: ").append(homepage.widgetType()).append('\n');
			entry.append(inner).append("  url: \"").append(homepage.widgetUrl()).append("\"\n");
		}
		return entry.toString();
	}

}
