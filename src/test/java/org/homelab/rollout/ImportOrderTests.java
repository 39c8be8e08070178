package org.homelab.rollout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One import order, as the Spring projects have it (spring-javaformat formats the rest,
 * in the build's validate phase): java, javax, everything else, org.springframework, then
 * static imports; each group sorted, one blank line between groups.
 */
class ImportOrderTests {

	static final Comparator<String> BY_NAME = Comparator.comparing(line -> line.replaceAll(";$", ""));

	@Test
	void everySourceFileHasTheOneImportOrder() throws IOException {
		List<String> misordered = new ArrayList<>();
		for (String root : new String[] { "src/main/java", "src/test/java" }) {
			try (Stream<Path> files = Files.walk(Path.of(root))) {
				for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
					List<String> block = importBlock(Files.readAllLines(file));
					if (!block.equals(ordered(block))) {
						misordered.add(file.toString());
					}
				}
			}
		}
		assertThat(misordered).as("files whose imports are not in the one order").isEmpty();
	}

	@Test
	void theOrderIsJavaJavaxOthersSpringThenStatic() {
		List<String> mixed = List.of("import static org.assertj.core.api.Assertions.assertThat;",
				"import org.springframework.stereotype.Component;", "import okhttp3.OkHttpClient;",
				"import java.util.Map;", "import javax.net.ssl.SSLContext;", "import java.time.Duration;");
		assertThat(ordered(mixed)).containsExactly("import java.time.Duration;", "import java.util.Map;", "",
				"import javax.net.ssl.SSLContext;", "", "import okhttp3.OkHttpClient;", "",
				"import org.springframework.stereotype.Component;", "",
				"import static org.assertj.core.api.Assertions.assertThat;");
	}

	/** The lines from the first import to the last, blank ones included. */
	static List<String> importBlock(List<String> lines) {
		int first = -1;
		int last = -1;
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).startsWith("import ")) {
				first = (first < 0) ? i : first;
				last = i;
			}
		}
		return (first < 0) ? List.of() : lines.subList(first, last + 1);
	}

	static List<String> ordered(List<String> block) {
		List<List<String>> groups = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
				new ArrayList<>());
		block.stream().filter(line -> !line.isBlank()).distinct().forEach(line -> groups.get(group(line)).add(line));
		List<String> ordered = new ArrayList<>();
		for (List<String> group : groups) {
			if (!group.isEmpty()) {
				if (!ordered.isEmpty()) {
					ordered.add("");
				}
				group.sort(BY_NAME);
				ordered.addAll(group);
			}
		}
		return ordered;
	}

	private static int group(String line) {
		String name = line.substring("import ".length());
		if (name.startsWith("static ")) {
			return 4;
		}
		if (name.startsWith("java.")) {
			return 0;
		}
		if (name.startsWith("javax.")) {
			return 1;
		}
		return name.startsWith("org.springframework.") ? 3 : 2;
	}

}
