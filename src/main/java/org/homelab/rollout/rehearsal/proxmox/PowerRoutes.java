package org.homelab.rollout.rehearsal.proxmox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Start, shutdown, stop and the current status. A started guest runs once its qmstart
 * task ends, and its guest agent answers only after the boot latency on top, as a real VM
 * boots and starts qemu-guest-agent.
 */
final class PowerRoutes {

	private final LabState state;

	PowerRoutes(LabState state) {
		this.state = state;
	}

	void register(Router router) {
		router.add("POST", "/nodes/{node}/qemu/{vmid}/status/start", "start", this::start)
			.add("POST", "/nodes/{node}/qemu/{vmid}/status/shutdown", "shutdown", r -> halt(r, "qmshutdown"))
			.add("POST", "/nodes/{node}/qemu/{vmid}/status/stop", "stop", r -> halt(r, "qmstop"))
			.add("POST", "/nodes/{node}/qemu/{vmid}/status/reboot", "reboot", this::reboot)
			.add("GET", "/nodes/{node}/qemu/{vmid}/status/current", "api", this::current);
	}

	private Object start(ApiRequest request) {
		Vm vm = this.state.vm(request.node(), request.vmid());
		// qemu-server checks template, lock and power state inside the task: they fail
		// the task, not the call
		Task task = this.state.tasks.launch(request.node(), "qmstart", String.valueOf(vm.vmid), request.user(),
				this.state.settings.latency().of("proxmox.start"), t -> {
					if (this.state.vms.get(vm.vmid) != vm) {
						throw PveError.configMissing(request.node(), vm.vmid);
					}
					if (vm.template()) {
						throw PveError.failed("you can't start a vm if it's a template");
					}
					vm.checkLock(request);
					if (vm.running()) {
						throw PveError.failed("VM " + vm.vmid + " already running");
					}
					if (request.failTask()) {
						throw PveError.failed("start failed: QEMU exited with code 1");
					}
					if (vm.config.keySet().stream().anyMatch(k -> vm.config.get(k).contains("cloudinit"))) {
						t.log("generating cloud-init ISO");
					}
					boot(vm);
				});
		return task.upid().text();
	}

	private void boot(Vm vm) {
		vm.powerOff();
		vm.boot(Instant.now().plus(this.state.settings.latency().of("proxmox.boot")), this.state.address(vm));
	}

	private Object halt(ApiRequest request, String type) {
		Vm vm = this.state.vm(request.node(), request.vmid());
		String operation = type.equals("qmstop") ? "proxmox.stop" : "proxmox.shutdown";
		Task task = this.state.tasks.launch(request.node(), type, String.valueOf(vm.vmid), request.user(),
				this.state.settings.latency().of(operation), t -> {
					vm.checkLock(request);
					if (!vm.running()) {
						return; // vm_stop returns quietly when there is no QEMU process
					}
					if (request.failTask()) {
						throw PveError.failed("VM quit/powerdown failed - got timeout");
					}
					vm.powerOff();
					this.state.settings.guestCommands().forEach(command -> command.poweredOff(vm.vmid));
				});
		return task.upid().text();
	}

	/**
	 * qemu-server refuses a reboot of a stopped guest before forking; the guest boots
	 * again at the task's end.
	 */
	private Object reboot(ApiRequest request) {
		Vm vm = this.state.vm(request.node(), request.vmid());
		if (!vm.running()) {
			throw PveError.failed("VM " + vm.vmid + " not running");
		}
		Task task = this.state.tasks.launch(request.node(), "qmreboot", String.valueOf(vm.vmid), request.user(),
				this.state.settings.latency().of("proxmox.shutdown"), t -> {
					vm.checkLock(request);
					if (request.failTask()) {
						throw PveError.failed("VM quit/powerdown failed - got timeout");
					}
					boot(vm);
				});
		return task.upid().text();
	}

	private Map<String, Object> current(ApiRequest request) {
		Vm vm = this.state.vm(request.node(), request.vmid());
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("vmid", vm.vmid);
		status.put("name", vm.name());
		status.put("status", vm.status);
		status.put("qmpstatus", vm.status);
		status.put("cpus", Integer.parseInt(vm.config.getOrDefault("cores", "1")));
		status.put("maxmem", vm.memoryMiB() * 1024 * 1024);
		status.put("mem", vm.running() ? vm.memoryMiB() * 1024 * 1024 / 3 : 0);
		status.put("uptime", vm.uptime());
		status.put("agent", vm.agentEnabled() ? 1 : 0);
		status.put("ha", Map.of("managed", 0));
		if (vm.running()) {
			status.put("pid", 100000 + vm.vmid);
			status.put("running-qemu", "9.2.0");
			status.put("running-machine", "pc-i440fx-9.2+pve1");
		}
		if (vm.lock() != null) {
			status.put("lock", vm.lock());
		}
		if (vm.config.containsKey("tags")) {
			status.put("tags", vm.config.get("tags"));
		}
		if (vm.template()) {
			status.put("template", 1);
		}
		return status;
	}

}
