package org.homelab.rollout.inventory;

import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broken inventory stops start-up with a message that names the property and what is
 * wrong with it.
 */
class InventoryValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(InventoryConfiguration.class);

	@Test
	void validInventoryBindsWithThePlansNodesAndVms() {
		this.runner.withPropertyValues(properties(valid -> {
		})).run(context -> {
			assertThat(context).hasNotFailed();
			Inventory inventory = context.getBean(Inventory.class);
			assertThat(inventory.k3s().node("k3s-w-1")).hasValueSatisfying(node -> assertThat(node.gpu()).isTrue());
			assertThat(inventory.vm("gitlab-ce")).hasValueSatisfying(vm -> assertThat(vm.diskGb()).isEqualTo(100));
		});
	}

	static Stream<Arguments> brokenInventories() {
		return Stream.of(broken("no Proxmox node", p -> p.remove("inventory.proxmox.nodes[0]"), "proxmox.nodes"),
				broken("negative RAM", p -> p.put("inventory.vms[1].memory-mb", "-1"), "vms[1].memoryMb"),
				broken("bad CIDR", p -> p.put("inventory.network.cidr", "192.168.1.0/33"), "network.cidr"),
				broken("duplicate VM name", p -> p.put("inventory.vms[3].name", "vault"), "vms[3].name"),
				broken("unknown GPU node", p -> p.put("inventory.k3s.placement.runner-gpu", "k3s-w-9"),
						"k3s.placement.runner-gpu"),
				broken("GPU runner on a node without GPU", p -> p.put("inventory.k3s.placement.runner-gpu", "k3s-w-2"),
						"k3s.placement.runner-gpu"),
				broken("gateway outside the network", p -> p.put("inventory.network.gateway", "10.0.0.1"),
						"network.gateway"),
				broken("VM address outside the network", p -> p.put("inventory.vms[0].address", "10.1.1.1"),
						"vms[0].address"),
				broken("two VMs on one address", p -> p.put("inventory.vms[2].address", "192.168.1.21"),
						"vms[2].address"),
				broken("no control-plane node", p -> p.put("inventory.k3s.nodes[0].role", "worker"), "k3s.nodes"),
				broken("plain http to Proxmox", p -> p.put("inventory.proxmox.url", "http://pve:8006/api2/json"),
						"proxmox.url"),
				broken("template VMID below 100", p -> p.put("inventory.proxmox.template.vmid", "42"),
						"proxmox.template.vmid"),
				broken("zero vCPU", p -> p.put("inventory.vms[4].cores", "0"), "vms[4].cores"),
				broken("TLS neither pinned nor CA-verified", p -> p.remove("inventory.proxmox.fingerprint"),
						"proxmox.fingerprint"),
				broken("malformed fingerprint", p -> p.put("inventory.proxmox.fingerprint", "AA:BB"),
						"proxmox.fingerprint"),
				broken("a planned VM missing", p -> p.put("inventory.vms[4].name", "extra"), "vms"),
				broken("bad token id", p -> p.put("inventory.proxmox.token-id", "rollout"), "proxmox.tokenId"),
				broken("bad DNS domain", p -> p.put("inventory.network.dns-domain", "Home Lab"), "network.dnsDomain"),
				broken("no kubeconfig", p -> p.remove("inventory.k3s.kubeconfig"), "k3s.kubeconfig"),
				broken("no engine address for the VM firewalls", p -> p.remove("inventory.access.engine-address"),
						"inventory.access.engineAddress"),
				broken("unknown network mode", p -> p.put("inventory.network.mode", "bootp"),
						"inventory.network.mode"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("brokenInventories")
	void brokenInventoryFailsStartupNamingTheProperty(String what, Consumer<Map<String, String>> breakIt,
			String property) {
		this.runner.withPropertyValues(properties(breakIt)).run(context -> {
			assertThat(context).hasFailed();
			assertThat(messages(context.getStartupFailure())).contains(property);
		});
	}

	private static Arguments broken(String what, Consumer<Map<String, String>> breakIt, String property) {
		return Arguments.of(what, breakIt, property);
	}

	private static String messages(Throwable failure) {
		StringBuilder all = new StringBuilder();
		for (Throwable t = failure; t != null; t = t.getCause()) {
			all.append(t.getMessage()).append('\n');
		}
		return all.toString();
	}

	private static String[] properties(Consumer<Map<String, String>> change) {
		Map<String, String> p = ValidInventory.properties();
		change.accept(p);
		return p.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
	}

}
