package org.homelab.rollout.rehearsal.proxmox;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProxmoxSchemaTests {

	@BeforeAll
	static void schema() {
		Contract.PROXMOX_VE.require("the schema reader (routes, formats, PVE's messages) is");
	}

	static final ProxmoxSchema SCHEMA = ProxmoxSchema.load(Contracts.locate().proxmoxSchema());

	@Test
	void everySimulatedRouteIsPublishedInTheSchema() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		LabState state = new LabState(ProxmoxLabSettings.defaults(), scheduler);
		Router router = ProxmoxLab.routes(state, new Auth(Map.of(), Map.of()), new BackupRoutes(state, scheduler));
		assertThat(router.routes())
			.allSatisfy(route -> assertThat(SCHEMA.lookup(route.method(), route.template().segments()).found())
				.as(route.method() + " " + route.template().template())
				.isTrue());
	}

	@Test
	void literalPathSegmentsWinOverVariables() {
		ProxmoxSchema.Lookup ping = SCHEMA.lookup("POST", segments("/nodes/pve/qemu/100/agent/ping"));
		assertThat(ping.template()).isEqualTo("/nodes/{node}/qemu/{vmid}/agent/ping");
		ProxmoxSchema.Lookup task = SCHEMA.lookup("GET",
				segments("/nodes/pve/tasks/UPID:pve:1:2:3:qmstart:100:root@pam:/status"));
		assertThat(task.template()).isEqualTo("/nodes/{node}/tasks/{upid}/status");
	}

	@Test
	void enumAndLengthViolationsUsePveMessages() {
		ProxmoxSchema.Lookup resize = SCHEMA.lookup("PUT", segments("/nodes/pve/qemu/100/resize"));
		Map<String, String> errors = SCHEMA.validate(resize,
				params("node", "pve", "vmid", "100", "disk", "hda0", "size", "+1G", "digest", "x".repeat(41)));
		assertThat(errors.get("disk")).startsWith("value 'hda0' does not have a value in the enumeration 'ide0, ide1,");
		assertThat(errors.get("digest")).isEqualTo("value may only be 40 characters long");
	}

	@Test
	void indexedConfigKeysResolveToTheirTemplateWithinLimits() {
		ProxmoxSchema.Lookup config = SCHEMA.lookup("PUT", segments("/nodes/pve/qemu/100/config"));
		assertThat(SCHEMA.validate(config,
				params("node", "pve", "vmid", "100", "net1", "virtio,bridge=vmbr1", "ipconfig1", "ip=dhcp")))
			.isEmpty();
		assertThat(SCHEMA.validate(config, params("node", "pve", "vmid", "100", "ide4", "local:iso/x.iso")))
			.containsKey("ide4");
	}

	@Test
	void formatErrorsCarryPveTextWithTrailingNewline() {
		ProxmoxSchema.Lookup clone = SCHEMA.lookup("POST", segments("/nodes/pve/qemu/100/clone"));
		Map<String, String> errors = SCHEMA.validate(clone,
				params("node", "pve", "vmid", "100", "newid", "101", "name", "not_a_dns_name", "storage", "1bad"));
		assertThat(errors.get("name")).isEqualTo("invalid format - value does not look like a valid DNS name\n");
		assertThat(errors.get("storage")).isEqualTo("invalid format - storage ID '1bad' contains illegal characters\n");
	}

	@Test
	void configValuesPveItselfWritesPassTheirPropertyStringFormats() {
		ProxmoxSchema.Lookup config = SCHEMA.lookup("POST", segments("/nodes/pve/qemu/100/config"));
		assertThat(SCHEMA.validate(config,
				params("node", "pve", "vmid", "100", "net0", "virtio=BC:24:11:00:00:65,bridge=vmbr0,firewall=1",
						"scsi0", "local-lvm:vm-100-disk-0,iothread=1,size=3G", "ide2",
						"local-lvm:vm-100-cloudinit,media=cdrom", "agent", "enabled=1,fstrim_cloned_disks=1", "memory",
						"2048", "ipconfig0", "ip=127.0.10.5/24,gw=127.0.10.1", "nameserver", "1.1.1.1 9.9.9.9",
						"searchdomain", "lab.example", "boot", "order=scsi0;ide2", "serial0", "socket", "vga",
						"serial0", "tags", "rollout;vault", "cores", "2", "onboot", "1", "delete", "unused0,tags")))
			.isEmpty();
	}

	@Test
	void wholeConfigOfTheSeededTemplateRoundTrips() {
		ProxmoxSchema.Lookup config = SCHEMA.lookup("PUT", segments("/nodes/pve/qemu/100/config"));
		LabState state = new LabState(ProxmoxLabSettings.defaults(), Executors.newSingleThreadScheduledExecutor());
		Map<String, List<String>> params = new LinkedHashMap<>();
		params.put("node", List.of("pve"));
		params.put("vmid", List.of("100"));
		// "meta" is written by PVE itself and read-only over the API, as on a real node
		state.vms.get(9000).config.forEach((k, v) -> params.put(k, List.of(v)));
		params.remove("meta");
		assertThat(SCHEMA.validate(config, params)).isEmpty();
	}

	private static List<String> segments(String path) {
		return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
	}

	private static Map<String, List<String>> params(String... pairs) {
		Map<String, List<String>> params = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			params.put(pairs[i], List.of(pairs[i + 1]));
		}
		return params;
	}

}
