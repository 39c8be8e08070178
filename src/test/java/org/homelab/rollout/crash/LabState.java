package org.homelab.rollout.crash;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Phase 1 run leaves in the standalone lab, read from its control port
 * ({@code /state}): exactly one of each VM, Helm release, Vault and Vault mount, and
 * every generated secret written once.
 */
final class LabState {

	static final List<String> VMS = List.of("debian-12-cloudinit", "frontend", "prometheus", "vault");

	static final List<String> RELEASES = List.of("prometheus-node-exporter", "kube-state-metrics", "external-secrets");

	private final List<String[]> lines;

	LabState(List<String> lines) {
		this.lines = lines.stream().map(line -> line.split("\t")).toList();
	}

	private List<String[]> of(String kind) {
		return this.lines.stream().filter(line -> line[0].equals(kind)).toList();
	}

	private static Map<String, Long> counted(List<String[]> lines, Function<String[], String> key) {
		return lines.stream().collect(Collectors.groupingBy(key, java.util.TreeMap::new, Collectors.counting()));
	}

	/** Fails unless Phase 1 left exactly one of each kind, nothing twice. */
	void assertExactlyOneOfEach() {
		assertThat(counted(of("vm"), line -> line[1])).as("VMs by name")
			.containsOnlyKeys(VMS)
			.allSatisfy((name, count) -> assertThat(count).as(name).isEqualTo(1));
		Map<String, Long> charts = counted(of("helmchart"), line -> line[1].substring(line[1].indexOf('/') + 1));
		RELEASES.forEach(release -> assertThat(charts.get(release)).as("HelmCharts named " + release).isEqualTo(1));
		assertThat(charts.keySet()).as("HelmCharts of Phase 1's releases, none under another name")
			.filteredOn(name -> RELEASES.stream().anyMatch(r -> name.startsWith(r) || name.contains(r)))
			.containsExactlyInAnyOrderElementsOf(RELEASES);
		assertThat(counted(of("vault-mount"), line -> line[1])).as("Vaults (by VMID) with secrets engines").hasSize(1);
		assertThat(counted(of("vault-mount"), line -> line[3])).as("secrets engines by type")
			.containsEntry("kv-v2", 1L);
		assertThat(counted(of("vault-auth"), line -> line[3])).as("auth methods by type")
			.containsEntry("kubernetes", 1L);
		assertThat(of("vault-secret")).as("KV secrets").isNotEmpty();
		assertThat(of("vault-secret")).as("KV secrets written more than once (path, version)")
			.filteredOn(line -> !line[3].equals("1"))
			.extracting(line -> line[2] + " v" + line[3])
			.isEmpty();
	}

	/**
	 * Fails if the journal shows a VM started twice (a start retried after the engine
	 * died between Proxmox taking it and the commit; Proxmox would log a failed "already
	 * running" task).
	 */
	static void assertNoVmStartedTwice(List<String> journal) {
		Pattern start = Pattern.compile("proxmox\tPOST\t.*/qemu/(\\d+)/status/start\t2\\d\\d\t.*");
		Map<String, Long> starts = journal.stream()
			.map(start::matcher)
			.filter(Matcher::matches)
			.collect(Collectors.groupingBy(m -> m.group(1), java.util.TreeMap::new, Collectors.counting()));
		assertThat(starts).as("starts per VMID")
			.isNotEmpty()
			.allSatisfy((vmid, count) -> assertThat(count).as("VM " + vmid + " started").isEqualTo(1));
	}

	@Override
	public String toString() {
		return this.lines.stream().map(line -> String.join(" ", line)).collect(Collectors.joining("\n"));
	}

}
