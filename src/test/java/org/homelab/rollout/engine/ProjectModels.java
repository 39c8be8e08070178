package org.homelab.rollout.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the project root holds in processes/ and forms/, as deployment resource names end.
 */
final class ProjectModels {

	private ProjectModels() {
	}

	static List<String> deployableResourceNames() {
		return Stream.concat(files("processes", ".bpmn", ".dmn"), files("forms", ".form")).toList();
	}

	private static Stream<String> files(String dir, String... endings) {
		Path root = Path.of(dir);
		if (!Files.isDirectory(root)) {
			return Stream.empty();
		}
		try (Stream<Path> paths = Files.walk(root)) {
			return paths.filter(path -> !path.toString().contains(".camunda"))
				.map(Path::toString)
				.filter(name -> Stream.of(endings).anyMatch(name::endsWith))
				.toList()
				.stream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
