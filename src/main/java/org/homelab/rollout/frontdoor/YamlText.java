package org.homelab.rollout.frontdoor;

import java.io.StringReader;
import java.util.List;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Line-level edits of a YAML file the homelab already has. A YAML library would rewrite
 * the whole file (losing comments, quoting and order), so the file is only parsed to find
 * where an entry's lines are, and the edit inserts or removes whole lines: every other
 * byte stays as it was, which is what lets undo give the file back unchanged.
 */
final class YamlText {

	private YamlText() {
	}

	/** The node tree of the document, with the position of each node; null when empty. */
	static Node compose(String text, String file) {
		try {
			return new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
		}
		catch (YAMLException ex) {
			throw new FrontdoorConfigurationException(file + " is not valid YAML: " + ex.getMessage(), ex);
		}
	}

	/** The value under {@code key} in a mapping, or null. */
	static Node get(Node mapping, String key) {
		if (mapping instanceof MappingNode map) {
			for (NodeTuple tuple : map.getValue()) {
				if (tuple.getKeyNode() instanceof ScalarNode scalar && key.equals(scalar.getValue())) {
					return tuple.getValueNode();
				}
			}
		}
		return null;
	}

	/**
	 * The single key of a one-key mapping (Homepage's group and service entries), or
	 * null.
	 */
	static String onlyKey(Node node) {
		if (node instanceof MappingNode map && map.getValue().size() == 1
				&& map.getValue().get(0).getKeyNode() instanceof ScalarNode scalar) {
			return scalar.getValue();
		}
		return null;
	}

	static String scalar(Node node) {
		return (node instanceof ScalarNode scalar) ? scalar.getValue() : null;
	}

	/**
	 * The items of a block sequence (null for anything else, an empty flow {@code []}
	 * included).
	 */
	static List<Node> blockItems(Node node) {
		if (node instanceof SequenceNode sequence && sequence.getFlowStyle() != DumperOptions.FlowStyle.FLOW) {
			return sequence.getValue();
		}
		return null;
	}

	/** The line of a sequence item's {@code -}: the line its content starts on. */
	static int firstLine(Node item) {
		return item.getStartMark().getLine();
	}

	/**
	 * The last line holding the node's content (comments and blank lines after it
	 * excluded).
	 */
	static int lastLine(Node node) {
		int last = line(node.getEndMark());
		if (node instanceof ScalarNode) {
			return last;
		}
		if (node instanceof SequenceNode sequence && sequence.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
			return last;
		}
		if (node instanceof MappingNode map && map.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
			return last;
		}
		// a block collection ends where the next token starts, possibly lines later
		int max = node.getStartMark().getLine();
		if (node instanceof SequenceNode sequence) {
			for (Node item : sequence.getValue()) {
				max = Math.max(max, lastLine(item));
			}
		}
		if (node instanceof MappingNode map) {
			for (NodeTuple tuple : map.getValue()) {
				max = Math.max(max, Math.max(lastLine(tuple.getKeyNode()), lastLine(tuple.getValueNode())));
			}
		}
		return max;
	}

	/** The column of a sequence item's {@code -}. */
	static int dashColumn(String text, Node item) {
		String line = line(text, firstLine(item));
		int dash = line.lastIndexOf('-', item.getStartMark().getColumn());
		if (dash < 0) {
			throw new FrontdoorConfigurationException("cannot find the '-' of the entry on line "
					+ (firstLine(item) + 1) + "; write the entry's first key on the line of its '-'", null);
		}
		return dash;
	}

	/** Removes lines {@code first..last} (0-based, inclusive) with their line ends. */
	static String removeLines(String text, int first, int last) {
		int start = offset(text, first);
		int end = offset(text, last + 1);
		// the file's last line without a line end: the line end before it goes too, as
		// insertBefore added it
		if (end == text.length() && !text.endsWith("\n") && start > 0) {
			start--;
		}
		return text.substring(0, start) + text.substring(end);
	}

	/**
	 * Inserts {@code block} (whole lines, each ending in a newline) before line
	 * {@code line}.
	 */
	static String insertBefore(String text, int line, String block) {
		int at = offset(text, line);
		String head = text.substring(0, at);
		if (!head.isEmpty() && !head.endsWith("\n")) {
			// after a last line without a line end: the block takes that line end, and so
			// undo (removeLines) gives the file back as it was
			return head + "\n" + block.substring(0, block.length() - 1) + text.substring(at);
		}
		return head + block + text.substring(at);
	}

	static String line(String text, int line) {
		int start = offset(text, line);
		int end = text.indexOf('\n', start);
		return text.substring(start, (end < 0) ? text.length() : end);
	}

	/**
	 * The offset of the start of line {@code line}, or the text's length past the end.
	 */
	static int offset(String text, int line) {
		int at = 0;
		for (int i = 0; i < line; i++) {
			int next = text.indexOf('\n', at);
			if (next < 0) {
				return text.length();
			}
			at = next + 1;
		}
		return at;
	}

	private static int line(Mark mark) {
		// a literal block scalar ends at column 0 of the line after its last one
		return (mark.getColumn() == 0 && mark.getLine() > 0) ? mark.getLine() - 1 : mark.getLine();
	}

}
