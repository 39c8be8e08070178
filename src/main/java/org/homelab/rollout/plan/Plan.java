package org.homelab.rollout.plan;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The plan document: what a run of {@code phases} would do to each thing it touches, and
 * the inventory checks. Blocked when any entry is blocked or any check fails; a blocked
 * plan cannot be approved. Its JSON ({@link #toJson()}) is what CI reads over REST.
 */
public record Plan(List<Integer> phases, List<PlannedChange> changes, List<InventoryCheck> checks) {

	private static final ObjectMapper JSON = new ObjectMapper();

	public Plan {
		phases = List.copyOf(phases);
		changes = List.copyOf(changes);
		checks = List.copyOf(checks);
	}

	@JsonProperty("blocked")
	public boolean blocked() {
		return this.changes.stream().anyMatch(change -> change.action() == PlanAction.BLOCKED)
				|| this.checks.stream().anyMatch(check -> !check.ok());
	}

	/** How many entries per action, every action present (0 when none). */
	@JsonProperty("counts")
	public Map<String, Long> counts() {
		Map<PlanAction, Long> counts = new EnumMap<>(PlanAction.class);
		for (PlanAction action : PlanAction.values()) {
			counts.put(action, this.changes.stream().filter(change -> change.action() == action).count());
		}
		return counts.entrySet()
			.stream()
			.collect(Collectors.toMap(e -> e.getKey().word(), Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
	}

	/**
	 * e.g. "12 create, 3 adopt, 0 adopt with changes, 0 blocked; inventory: 9 of 9 checks
	 * pass".
	 */
	@JsonIgnore
	public String summary() {
		long passing = this.checks.stream().filter(InventoryCheck::ok).count();
		return counts().entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))
				+ "; inventory: " + passing + " of " + this.checks.size() + " checks pass"
				+ (blocked() ? " — BLOCKED, cannot be approved" : "");
	}

	/**
	 * What a run of {@code phase} would change, one entry a line ("create k3s
	 * helm-release argocd", "adopt with changes proxmox backup-job … (enabled)"), at most
	 * {@code limit} characters; empty when the plan only adopts for it.
	 */
	public String changesOf(int phase, int limit) {
		String text = this.changes.stream()
			.filter(change -> change.phase() == phase && change.action() != PlanAction.ADOPT)
			.map(change -> change.action().word() + " " + change.system() + " " + change.kind() + " " + change.name()
					+ (change.detail().isEmpty() ? "" : " (" + change.detail() + ")"))
			.collect(Collectors.joining("\n"));
		return (text.length() <= limit) ? text : text.substring(0, limit - 1) + "…";
	}

	/** The plan as Markdown tables (a form's text field shows it). */
	@JsonIgnore
	public String table() {
		StringBuilder text = new StringBuilder();
		text.append("| Phase | System | Kind | Name | Action | Detail |\n|---|---|---|---|---|---|\n");
		for (PlannedChange change : this.changes) {
			text.append("| ")
				.append(change.phase())
				.append(" | ")
				.append(change.system())
				.append(" | ")
				.append(change.kind())
				.append(" | ")
				.append(cell(change.name()))
				.append(" | ")
				.append((change.action() == PlanAction.BLOCKED) ? "**blocked**" : change.action().word())
				.append(" | ")
				.append(cell(change.detail()))
				.append(" |\n");
		}
		text.append("\n| Inventory check | | Found |\n|---|---|---|\n");
		for (InventoryCheck check : this.checks) {
			text.append("| ")
				.append(cell(check.check()))
				.append(" | ")
				.append(check.ok() ? "ok" : "**fails**")
				.append(" | ")
				.append(cell(check.detail()))
				.append(" |\n");
		}
		return text.toString();
	}

	/**
	 * The table in at most {@code limit} characters (a String variable holds 4000): whole
	 * if it fits, else without the plain adopts and passing checks, else cut, each time
	 * saying so.
	 */
	public String table(int limit) {
		String whole = table();
		if (whole.length() <= limit) {
			return whole;
		}
		long adopts = this.changes.stream().filter(change -> change.action() == PlanAction.ADOPT).count();
		Plan shorter = new Plan(this.phases,
				this.changes.stream().filter(change -> change.action() != PlanAction.ADOPT).toList(),
				this.checks.stream().filter(check -> !check.ok()).toList());
		String note = "\n" + adopts + " plain adopts and the passing checks left out here; the variable plan holds "
				+ "them all.\n";
		String text = shorter.table() + note;
		if (text.length() <= limit) {
			return text;
		}
		String cut = "\n… cut; the variable plan holds the whole plan.\n";
		return text.substring(0, limit - cut.length()) + cut;
	}

	public String toJson() {
		try {
			return JSON.writeValueAsString(this);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("the plan cannot be written as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private static String cell(String text) {
		return text.replace("|", "\\|").replace("\n", " ");
	}

}
