package org.homelab.rollout.engine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.homelab.rollout.frontdoor.ExposedServices;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.PlannedVm;
import org.homelab.rollout.plan.PhaseSelection;

import static java.util.Map.entry;

/**
 * The start listener of every building block (a process that is not a phase or the
 * rollout): its inputs are checked against the rules declared here before its first step,
 * so a start with an unplanned VM, a malformed Kubernetes name or a Vault path that
 * leaves its folder is refused with 400 and nothing is created or touched. The phases
 * pass valid inputs; the check is for an admin's start (CI may start phases only, see
 * IdentityBootstrap) and for a model that passes something wrong.
 */
class BuildingBlockStartCheck implements ExecutionListener {

	/**
	 * A DNS-1123 label: Kubernetes namespaces and (at most 53 characters) Helm releases.
	 */
	private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

	/** One segment of a Vault path: never empty, '.', '..' or containing '/'. */
	private static final Pattern VAULT_SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

	private static final Pattern NO_SPACE = Pattern.compile("\\S+");

	/** A values file under the values directory: a name, no path. */
	private static final Pattern VALUES_FILE = Pattern.compile("[a-z0-9][a-z0-9._-]*\\.ya?ml");

	/**
	 * restore-test's scratch VMs: named after the VM restored, destroyed by destroy-vm
	 * when restore-test calls it (only ever its own run's, by their description).
	 */
	private static final Pattern SCRATCH_VM = Pattern.compile("restore-test-[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?");

	/** A host name or IPv4 address (backup-setup's Proxmox Backup Server). */
	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

	/** A certificate's SHA-256 fingerprint as PBS shows it. */
	private static final Pattern FINGERPRINT = Pattern.compile("([A-Fa-f0-9]{2}:){31}[A-Fa-f0-9]{2}");

	/** A service's secret in Vault, with or without the KV mount in front. */
	private static final Pattern SERVICE_SECRET = Pattern
		.compile("([A-Za-z0-9_-]+/)?services/[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*");

	/** A VM name as Proxmox takes it (a DNS name). */
	private static final Pattern VM_NAME = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?");

	/** restore-test's service checks (deploy/backup/restore-checks). */
	static final List<String> RESTORE_CHECKS = List.of("vault", "gitlab-ce", "prometheus", "ansible", "generic");

	/** The models allowed to run scripts in the existing frontend server. */
	private static final List<String> FRONTEND_MODELS = List.of("grafana-", "expose-service", "unexpose-service");

	private final Map<String, Map<String, Rule>> rules;

	BuildingBlockStartCheck(Inventory inventory) {
		List<String> planned = inventory.vms().stream().map(PlannedVm::name).toList();
		String frontend = inventory.frontend().vmName();
		List<String> nodes = inventory.proxmox().nodes();
		Rule plannedVm = Rule.required((value, execution) -> oneOf(value, planned, "a planned VM"));
		Rule scriptTarget = Rule.required(
				(value, execution) -> (value.equals(frontend) && calledByFrontendModel(execution)) ? null : oneOf(value,
						planned, "a planned VM (the frontend server only from Grafana's and the front door's models)"));
		// GitLab belongs on its planned VM only; left out, the model takes it
		Rule gitlabVm = Rule.optional((value, execution) -> oneOf(value, List.of("gitlab-ce"), "the GitLab VM"));
		// Ansible too: its models take the planned ansible VM when left out
		Rule ansibleVm = Rule.optional((value, execution) -> oneOf(value, List.of("ansible"), "the Ansible VM"));
		Rule backupVm = Rule
			.optional((value, execution) -> oneOf(value, List.of("proxmox-backup"), "the Proxmox Backup Server VM"));
		Rule destroyable = Rule
			.required((value, execution) -> (SCRATCH_VM.matcher(value).matches() && calledBy(execution, "restore-test"))
					? null : oneOf(value, planned, "a planned VM (a restore-test scratch VM only from restore-test)"));
		Rule service = Rule.required((value, execution) -> oneOf(value, ExposedServices.NAMES, "a front door service"));
		Rule release = Rule.required((value, execution) -> dnsLabel(value, 53));
		Rule namespace = Rule.required((value, execution) -> dnsLabel(value, 63));
		Rule vaultSegment = Rule.required((value, execution) -> VAULT_SEGMENT.matcher(value).matches() ? null
				: "must be one Vault path segment: letters, digits, '.', '_' or '-', no '/' and not '.' or '..'");
		Rule runner = Rule
			.required((value, execution) -> oneOf(value, List.of("gpu", "general"), "a runner of the plan"));
		List<String> placements = new ArrayList<>(List.of("runnerGpu", "runnerGeneral", "argocd"));
		inventory.k3s().nodes().forEach(node -> placements.add(node.name()));
		this.rules = Map.ofEntries(entry("provision-vm", Map.of("vmName", plannedVm)),
				entry("destroy-vm", Map.of("vmName", destroyable)),
				// any VM of the homelab may be restored (the existing services' too);
				// the original is only ever read
				entry("restore-test", Map.of("restoreVm",
						Rule.required((value, execution) -> VM_NAME.matcher(value).matches() ? null
								: "'" + value + "' must be a VM name (letters, digits, '.', '-')"),
						"restoreCheck",
						Rule.required((value, execution) -> oneOf(value, RESTORE_CHECKS, "a restore check")))),
				entry("prometheus-install", Map.of("vmName", plannedVm)),
				entry("vault-install", Map.of("vmName", plannedVm)),
				entry("run-script",
						Map.of("vmName", scriptTarget, "vmid", Rule.positiveInteger(), "proxmoxNode",
								Rule.required(
										(value, execution) -> oneOf(value, nodes, "a Proxmox node of the inventory")))),
				entry("install-helm-release",
						Map.of("releaseName", release, "releaseNamespace", namespace, "chart",
								Rule.required((value, execution) -> NO_SPACE.matcher(value).matches() ? null
										: "must be a chart name without spaces"))),
				entry("uninstall-helm-release", Map.of("releaseName", release)),
				entry("vault-generate-secret",
						Map.of("secretService", vaultSegment, "secretName", vaultSegment, "secretKind",
								Rule.optional(
										(value, execution) -> oneOf(value, List.of("PASSWORD", "TOKEN"), "a kind")))),
				// nothing they take names a VM, a release or a Vault path: their
				// inputs are
				// marks the engine set ("created") or the engine's own Vault address
				// and CA
				entry("eso-connect", Map.of()), entry("eso-disconnect", Map.of()),
				entry("k3s-monitoring-access", Map.of()), entry("k3s-monitoring-access-remove", Map.of()),
				entry("alerting-rules-check", Map.of()), entry("vault-setup", Map.of()),
				entry("grafana-install", Map.of()), entry("grafana-uninstall", Map.of()),
				entry("grafana-admin-to-vault", Map.of()), entry("gitlab-install", Map.of("vmName", gitlabVm)),
				entry("gitlab-remove", Map.of("vmName", gitlabVm)), entry("gitlab-backup", Map.of("vmName", gitlabVm)),
				entry("gitlab-check", Map.of()), entry("gitlab-rotate-token", Map.of()),
				entry("expose-service", Map.of("frontdoorService", service)),
				entry("unexpose-service", Map.of("frontdoorService", service)),
				entry("gitlab-runner-install", Map.of("runnerName", runner, "runnerNode",
						Rule.optional((value, execution) -> value.isBlank() ? null
								: oneOf(value, placements, "a K3s node or placement key of the inventory")),
						"runnerValuesRef",
						Rule.optional(
								(value, execution) -> (value.isBlank() || VALUES_FILE.matcher(value).matches()) ? null
										: "must be a values file name under rollout.kubernetes.values-dir, "
												+ "e.g. gitlab-runner-gpu.yaml"))),
				entry("gitlab-runner-remove", Map.of("runnerName", runner)),
				// Argo CD's names are fixed by the model; its patience is a duration
				entry("argocd-install",
						Map.of("argocdReleaseReadyTimeout", Rule.optional((value, execution) -> isoDuration(value)))),
				entry("argocd-remove", Map.of()), entry("gitops-publish", Map.of()),
				entry("gitops-unpublish", Map.of()),
				entry("gitops-check",
						Map.of("gitopsSyncBound", Rule.optional((value, execution) -> isoDuration(value)))),
				// the pipeline's runner ids and patience only narrow what it judges
				entry("ci-smoke-check", Map.of()),
				entry("prometheus-update-targets",
						Map.of("vmName", Rule.optional((value, execution) -> oneOf(value, planned, "a planned VM")))),
				entry("vm-firewall-update", Map.of("vmName", plannedVm)),
				entry("vm-firewall-update-undo", Map.of("vmName", plannedVm)),
				entry("ansible-install", Map.of("vmName", ansibleVm)),
				entry("ansible-check", Map.of("vmName", ansibleVm)), entry("ansible-remove", Map.of()),
				entry("pbs-install", Map.of("vmName", backupVm)), entry("pbs-remove", Map.of("vmName", backupVm)),
				// a phase's rollback takes the marks its run set; each undo looks at what
				// the named run created before it removes anything
				entry("rollback-phase-1", Map.of()), entry("rollback-phase-2", Map.of()),
				entry("rollback-phase-3", Map.of()),
				// the server PVE reaches, its pinned certificate and where its token is;
				// the token itself never travels
				entry("backup-setup",
						Map.of("pbsAddress",
								Rule.required(
										(value, execution) -> HOST.matcher(value).matches()
												? null : "'" + value + "' must be a host name or address"),
								"pbsFingerprint",
								Rule.required((value, execution) -> FINGERPRINT.matcher(value).matches() ? null
										: "must be the server certificate's SHA-256 fingerprint (32 colon-separated "
												+ "hex bytes, as proxmox-backup-manager cert info shows it)"),
								"pbsTokenPath",
								Rule.required((value, execution) -> SERVICE_SECRET.matcher(value).matches() ? null
										: "'" + value + "' must be a Vault path services/<service>/<name>, e.g. "
												+ "services/proxmox-backup/pve-token"))),
				// its inputs are backup-setup's outputs: marks of what that run made
				entry("backup-remove", Map.of()),
				// the phases to preview (list or range); it only reads
				entry("plan-preview",
						Map.of("planPhases", Rule.required((value, execution) -> PhaseSelection.problem(value)))),
				// no inputs: it finds the completed phases in the engine's history
				entry("drift-check", Map.of()));
	}

	/** Phases and the rollout check their own start (and CI may start them). */
	static boolean isPhaseOrRollout(String processKey) {
		return processKey.startsWith("phase-") || processKey.equals("homelab-rollout");
	}

	/** The processes whose inputs are declared. */
	Map<String, Map<String, Rule>> rules() {
		return this.rules;
	}

	@Override
	public void notify(DelegateExecution execution) {
		String key = ((ExecutionEntity) execution).getProcessDefinition().getKey();
		Map<String, Rule> declared = this.rules.get(key);
		if (declared == null) {
			// a model deployed by a test or by hand; every model in processes/ is
			// declared
			// (BuildingBlockStartCheckTests)
			return;
		}
		List<String> problems = new ArrayList<>();
		declared.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(rule -> {
			String problem = rule.getValue().problem(execution.getVariable(rule.getKey()), execution);
			if (problem != null) {
				problems.add(rule.getKey() + " " + problem);
			}
		});
		if (!problems.isEmpty()) {
			String process = ((ExecutionEntity) execution).getProcessDefinition().getName();
			throw new FormInputRefusedException(
					"'" + process + "' not started, nothing was created: " + String.join("; ", problems));
		}
	}

	private static boolean calledBy(DelegateExecution execution, String processKey) {
		ExecutionEntity caller = (ExecutionEntity) execution.getSuperExecution();
		return caller != null && caller.getProcessDefinition().getKey().equals(processKey);
	}

	private static boolean calledByFrontendModel(DelegateExecution execution) {
		ExecutionEntity caller = (ExecutionEntity) execution.getSuperExecution();
		return caller != null && FRONTEND_MODELS.stream().anyMatch(caller.getProcessDefinition().getKey()::startsWith);
	}

	private static String isoDuration(String value) {
		try {
			return Duration.parse(value).isNegative() ? "must be a positive ISO 8601 duration, e.g. PT15M" : null;
		}
		catch (DateTimeParseException ex) {
			return "'" + value + "' must be an ISO 8601 duration, e.g. PT15M";
		}
	}

	private static String oneOf(String value, List<String> allowed, String what) {
		return allowed.contains(value) ? null : "'" + value + "' is not " + what + " (one of " + allowed + ")";
	}

	private static String dnsLabel(String value, int max) {
		return (value.length() <= max && DNS_LABEL.matcher(value).matches()) ? null
				: "'" + value + "' must be a DNS-1123 label: at most " + max
						+ " lower-case letters, digits or '-', starting and" + " ending with a letter or digit";
	}

	/** What is wrong with one input; null if nothing. */
	interface Rule {

		String problem(Object value, DelegateExecution execution);

		/** A text input that must be given. */
		static Rule required(TextRule rule) {
			return (value, execution) -> {
				if (value == null) {
					return "is missing";
				}
				if (!(value instanceof String text)) {
					return "must be a String, was " + value.getClass().getSimpleName();
				}
				return rule.problem(text, execution);
			};
		}

		/** A text input that may be left out. */
		static Rule optional(TextRule rule) {
			Rule required = required(rule);
			return (value, execution) -> (value != null) ? required.problem(value, execution) : null;
		}

		static Rule positiveInteger() {
			return (value, execution) -> {
				if (value == null) {
					return "is missing";
				}
				return (value instanceof Integer number && number > 0) ? null
						: "must be a positive Integer, was " + value;
			};
		}

	}

	/** What is wrong with a text input that is given; null if nothing. */
	interface TextRule {

		String problem(String value, DelegateExecution execution);

	}

}
