package org.homelab.rollout.matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.homelab.rollout.support.Skips;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's matrix is the plan's: its "Service Integration Matrix" table, read in
 * place, cell by cell.
 */
class IntegrationMatrixPlanTests {

	static final Path PLAN = Path.of("../shared/plan/services-integration-sequence.md");

	@Test
	void everyCellAgreesWithThePlansTable() throws IOException {
		List<List<String>> table = planTable();
		List<String> columns = table.get(0).subList(1, table.get(0).size());
		assertThat(columns).as("the plan's columns, in the project's order")
			.containsExactlyElementsOf(java.util.Arrays.stream(Service.values()).map(Service::planName).toList());
		Set<Cell> planCells = new LinkedHashSet<>();
		List<String> rows = new ArrayList<>();
		for (List<String> row : table.subList(1, table.size())) {
			String name = row.get(0).replace("**", "").trim();
			rows.add(name);
			Service service = Service.byPlanName(name).orElseThrow(() -> new AssertionError("plan row " + name));
			for (int i = 1; i < row.size(); i++) {
				String mark = row.get(i).trim();
				Service with = Service.byPlanName(columns.get(i - 1)).orElseThrow();
				assertThat(mark).as("%s with %s", name, with.planName()).isIn("\u2705", "\u274c", "-");
				if (mark.equals("-")) {
					assertThat(with).as("'-' only on the diagonal").isEqualTo(service);
				}
				if (mark.equals("\u2705")) {
					planCells.add(new Cell(service, with));
				}
			}
		}
		assertThat(rows).containsExactlyElementsOf(columns);
		assertThat(IntegrationMatrix.PLAN.cells()).containsExactlyElementsOf(planCells);
	}

	@Test
	void phaseOneMakesTheMonitoringAndVaultCellsReal() {
		assertThat(IntegrationMatrix.PLAN.realBy(1)).containsExactly(new Cell(Service.PROMETHEUS, Service.GRAFANA),
				new Cell(Service.GRAFANA, Service.PROMETHEUS), new Cell(Service.VAULT, Service.PROMETHEUS),
				new Cell(Service.VAULT, Service.GRAFANA));
		assertThat(IntegrationMatrix.PLAN.realBy(4)).isEqualTo(IntegrationMatrix.PLAN.cells());
		assertThat(new Cell(Service.ARGOCD, Service.GITLAB_CE).phase()).isEqualTo(3);
	}

	/** The table under "Service Integration Matrix": header first, separator dropped. */
	static List<List<String>> planTable() throws IOException {
		if (!Files.isRegularFile(PLAN)) {
			Skips.skip("needs the plan at " + PLAN.toAbsolutePath().normalize()
					+ " (CI has it in ../shared/plan), so the matrix is NOT compared with the plan in this run");
		}
		List<String> lines = Files.readAllLines(PLAN);
		int heading = lines.indexOf(lines.stream()
			.filter(line -> line.startsWith("## ") && line.contains("Service Integration Matrix"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("the plan has no 'Service Integration Matrix' section")));
		List<List<String>> table = new ArrayList<>();
		for (String line : lines.subList(heading + 1, lines.size())) {
			if (line.startsWith("|")) {
				if (!line.matches("\\|[-| ]+\\|")) {
					table.add(cells(line));
				}
			}
			else if (!table.isEmpty()) {
				break;
			}
		}
		assertThat(table).as("the matrix table").hasSizeGreaterThan(1);
		return table;
	}

	private static List<String> cells(String line) {
		String inner = line.substring(1, line.lastIndexOf('|'));
		return java.util.Arrays.stream(inner.split("\\|")).map(String::trim).toList();
	}

}
