#!/usr/bin/env python3
"""Generates processes/phase-4-backup.bpmn (semantics + DI). Run from the project root."""
from xml.sax.saxutils import escape, quoteattr

# --- variables of the helpers' building blocks (fill in at merge) -------------------------
PBS_OUT = ["pbsAddress", "pbsFingerprint", "pbsTokenPath", "pbsTokenId", "pbsExporterTokenPath", "pbsEnginePasswordPath"]          # pbs-install -> phase
PBS_MADE = ['pbsDatastore', 'pbsDisk', 'pbsPruneJobId', 'pbsVerifyJobId', 'pbsPackageInstalled', 'pbsDiskAdded', 'pbsDatastoreCreated', 'pbsPruneJobCreated', 'pbsVerifyJobCreated', 'pbsEnginePasswordWritten', 'pbsEngineUserCreated', 'pbsPveUserCreated', 'pbsPveUserGranted', 'pbsPveTokenCreated', 'pbsPveTokenGranted', 'pbsPveTokenWritten', 'pbsExporterUserCreated', 'pbsExporterUserGranted', 'pbsExporterTokenCreated', 'pbsExporterTokenGranted', 'pbsExporterTokenWritten', 'pbsExporterInstalled']                                                        # pbs-install's created flags -> pbs-remove
JOBS_IN = ["pbsAddress", "pbsFingerprint", "pbsTokenPath"]
JOBS_MADE = ["backupStorageCreated", "backupJobCreated", "backupJobId", "backupVolumes"]                                                       # backup-setup's created flags -> backup-remove
JOBS_OUT_EXTRA = ["backedUpVms", "backupVmids", "backupsCompleted"]

E = []      # (kind, id, xml)  process-level flow nodes
SHAPES = {}  # id -> (x, y, w, h)
FLOWS = []  # (id, source, target, name, condition, waypoints or None)
ASSOC = []
WAYPOINTS = {}  # flow id -> waypoints where edge() would draw through a shape
SUB = []    # rollback sub-process nodes
SUBFLOWS = []

BK = '<camunda:in businessKey="#{execution.processBusinessKey}" /><camunda:in source="rolloutRun" target="rolloutRun" />'


def a(s):
    return quoteattr(s)


def doc(text):
    return "<bpmn:documentation>" + escape(text, {"'": "&#x27;"}) + "</bpmn:documentation>" if text else ""


def ins(*names):
    return "".join('<camunda:in source="%s" target="%s" />' % (n, n) for n in names)


def outs(*names):
    return "".join('<camunda:out source="%s" target="%s" />' % (n, n) for n in names)


def call(id, name, called, x, y, documentation="", ext="", after=True, compensation=False, extra_attrs="",
         inner=""):
    attrs = ' calledElement="%s"' % called
    if compensation:
        attrs += ' isForCompensation="true"'
    attrs += ' camunda:asyncBefore="true"'
    if after and not compensation:
        attrs += ' camunda:asyncAfter="true"'
    attrs += extra_attrs
    xml = '<bpmn:callActivity id="%s" name=%s%s>%s<bpmn:extensionElements>%s%s</bpmn:extensionElements>@IO@%s</bpmn:callActivity>' % (
        id, a(name), attrs, doc(documentation), BK, ext, inner)
    E.append(("task", id, xml))
    SHAPES[id] = (x, y, 100, 80)


def service(id, name, delegate, x, y, documentation="", ext="", compensation=False, after=False):
    attrs = ' camunda:asyncBefore="true"'
    if after:
        attrs += ' camunda:asyncAfter="true"'
    if compensation:
        attrs = ' isForCompensation="true"' + attrs
    xml = '<bpmn:serviceTask id="%s" name=%s%s camunda:delegateExpression="${%s}">%s%s@IO@</bpmn:serviceTask>' % (
        id, a(name), attrs, delegate, doc(documentation),
        ("<bpmn:extensionElements>%s</bpmn:extensionElements>" % ext) if ext else "")
    E.append(("task", id, xml))
    SHAPES[id] = (x, y, 100, 80)


def undo(of, handler_id):
    b = of + "-compensation"
    x, y, w, h = SHAPES[of]
    E.append(("boundary", b, '<bpmn:boundaryEvent id="%s" name="Undo" attachedToRef="%s"><bpmn:compensateEventDefinition id="%s-definition" /></bpmn:boundaryEvent>' % (b, of, b)))
    SHAPES[b] = (x + 32, y + 62, 36, 36)
    ASSOC.append((b + "-association", b, handler_id, [(x + 50, y + 98), (x + 50, y + 120)]))


def flow(id, s, t, name=None, cond=None):
    FLOWS.append((id, s, t, name, cond))


Y = 300
X0 = 160
STEP = 170

# --- main line ----------------------------------------------------------------------------
E.append(("start", "phase-4-requested", '<bpmn:startEvent id="phase-4-requested" name="Phase 4 requested" camunda:formRef="phase-4-start" camunda:formRefBinding="deployment"><bpmn:extensionElements><camunda:executionListener delegateExpression="${phase4StartVariables}" event="start" /></bpmn:extensionElements>@IO@</bpmn:startEvent>'))
SHAPES["phase-4-requested"] = (X0, Y + 22, 36, 36)
# started on its own (REST, Tasklist) the phase first shows its plan; homelab-rollout has shown it for every phase
gx = X0 + 86
E.append(("gateway", "plan-reviewed", '<bpmn:exclusiveGateway id="plan-reviewed" name="Plan reviewed by the rollout?" default="to-preview-plan">%s@IO@</bpmn:exclusiveGateway>' % doc("planReviewed is set only by homelab-rollout, which reviewed the plan of every phase before its first; a REST or Tasklist start that passes it is refused (400).")))
SHAPES["plan-reviewed"] = (gx, Y + 15, 50, 50)
call("preview-plan", "Preview the plan, reviewed before any change", "plan-preview", gx + 110, Y,
     "plan-preview over this phase alone, against the live systems, when the phase is started on its own (REST, Tasklist): the operator reviews it in 'Review the plan' before anything is changed. Started by homelab-rollout (planReviewed), the rollout has shown the plan of all its phases already.",
     '<camunda:in sourceExpression="4" target="planPhases" />' + outs("plan", "planSummary", "planBlocked"), after=False)
E.append(("boundary", "plan-rejected", '<bpmn:boundaryEvent id="plan-rejected" name="Plan rejected" attachedToRef="preview-plan">@IO@<bpmn:errorEventDefinition id="plan-rejected-definition" errorRef="plan-rejected-error" /></bpmn:boundaryEvent>'))
SHAPES["plan-rejected"] = (gx + 142, Y + 62, 36, 36)
E.append(("end", "phase-4-not-started", '<bpmn:endEvent id="phase-4-not-started" name="Plan rejected: nothing changed">@IO@</bpmn:endEvent>'))
SHAPES["phase-4-not-started"] = (gx + 142, Y + 150, 36, 36)
E.append(("gateway", "plan-review-done", '<bpmn:exclusiveGateway id="plan-review-done">@IO@</bpmn:exclusiveGateway>'))
SHAPES["plan-review-done"] = (gx + 260, Y + 15, 50, 50)
WAYPOINTS["to-phase-4-not-started"] = [(gx + 160, Y + 98), (gx + 160, Y + 150)]
WAYPOINTS["plan-already-reviewed"] = [(gx + 25, Y + 15), (gx + 25, Y - 40), (gx + 285, Y - 40), (gx + 285, Y + 15)]
x = gx + 360
call("confirm-vault", "Check Phase 1's Vault: unsealed, the engine's token valid", "vault-setup", x, Y,
     "Phase 1's vault-setup again, on the Vault Phase 1 made: it unseals a sealed Vault, renews the engine's token if needed and creates nothing there. PBS's tokens go into this Vault.")
x += STEP
E.append(("gateway", "pbs-placement", '<bpmn:exclusiveGateway id="pbs-placement" name="PBS on its own VM?" default="on-frontend">%s@IO@</bpmn:exclusiveGateway>' % doc("The inventory's inventory.backup.placement: vm (the plan's proxmox-backup VM, the default) or frontend (the plan's 4.1 wording; the rollout adopts the frontend server and never deletes it).")))
SHAPES["pbs-placement"] = (x + 25, Y + 15, 50, 50)
x += STEP - 40
call("provision-pbs-vm", "Provision the proxmox-backup VM", "provision-vm", x, Y - 150,
     "The plan's size from the inventory (2 vCPU, 4 GB, 100 GB by default); its firewall rules from the integration matrix: 8007 from the Proxmox node, the frontend and the engine, the exporter's 10019 from Prometheus.",
     '<camunda:in sourceExpression="proxmox-backup" target="vmName" /><camunda:out source="vmid" target="pbsVmid" /><camunda:out source="proxmoxNode" target="pbsProxmoxNode" /><camunda:out source="vmAddress" target="pbsVmAddress" /><camunda:out source="vmCreated" target="pbsVmCreated" />')
call("destroy-pbs-vm", "Delete the proxmox-backup VM if this run created it", "destroy-vm", x, Y - 150 + 120 + 0,
     "", '<camunda:in sourceExpression="proxmox-backup" target="vmName" />', compensation=True)
SHAPES["destroy-pbs-vm"] = (x, Y - 30, 100, 80)
undo("provision-pbs-vm", "destroy-pbs-vm")
x += STEP
E.append(("gateway", "pbs-vm-ready", '<bpmn:exclusiveGateway id="pbs-vm-ready" name="Host ready">@IO@</bpmn:exclusiveGateway>'))
SHAPES["pbs-vm-ready"] = (x + 25, Y + 15, 50, 50)
x += STEP - 40
E.append(("gateway", "fork-phase-4", '<bpmn:parallelGateway id="fork-phase-4" name="Backups and firewalls side by side">%s@IO@</bpmn:parallelGateway>' % doc("GitLab's own backup and the firewall rules Phase 4's cells add on the Vault and GitLab VMs need nothing of PBS.")))
SHAPES["fork-phase-4"] = (x + 25, Y + 15, 50, 50)
fork_x = x
x += STEP - 40
# branch A: PBS, front door, PVE side
call("install-pbs", "Proxmox Backup Server, its datastore, jobs and tokens", "pbs-install", x, Y,
     "PBS from Proxmox's apt repository through the guest agent; the datastore on its own disk; prune (the inventory's retention), verify and garbage collection; Proxmox VE's DatastoreBackup-only token and the exporter's Audit-only token straight into Vault; the exporter unit.",
     '<camunda:in sourceExpression="${phase4Model.pbsVm}" target="vmName" />' + "@PBSOUT@")
call("remove-pbs", "Remove what this run made on PBS", "pbs-remove", x, Y + 120, "",
     '<camunda:in sourceExpression="${phase4Model.pbsVm}" target="vmName" /><camunda:in sourceExpression="${execution.getVariable(&#x27;deleteBackups&#x27;) == true}" target="deleteBackups" />' + "@PBSMADE@",
     compensation=True)
undo("install-pbs", "remove-pbs")
x += STEP
call("expose-pbs", "Put the PBS UI behind the front door", "expose-service", x, Y,
     "Site, certificate, Authelia rule (two factors, as the inventory says for proxmox-backup) and Homepage entry.",
     '<camunda:in sourceExpression="proxmox-backup" target="frontdoorService" /><camunda:out source="frontdoorSiteAdded" target="pbsSiteAdded" /><camunda:out source="frontdoorRuleAdded" target="pbsRuleAdded" /><camunda:out source="frontdoorEntryAdded" target="pbsEntryAdded" /><camunda:out source="frontdoorUrl" target="pbsFrontdoorUrl" />')
call("unexpose-pbs", "Take the PBS UI back from the front door", "unexpose-service", x, Y + 120, "",
     '<camunda:in sourceExpression="proxmox-backup" target="frontdoorService" /><camunda:in source="pbsSiteAdded" target="frontdoorSiteAdded" /><camunda:in source="pbsRuleAdded" target="frontdoorRuleAdded" /><camunda:in source="pbsEntryAdded" target="frontdoorEntryAdded" />',
     compensation=True)
undo("expose-pbs", "unexpose-pbs")
# branch C: GitLab's own backup needs nothing of PBS, only to be done before PVE's first backups
call("back-up-gitlab", "GitLab's own backup, before the VM's", "gitlab-backup", x, Y - 150,
     "gitlab-backup create on the gitlab-ce VM (config and secrets beside the archive), side by side with PBS's install, so that the VM backup after both holds a GitLab backup its restore test and a person can read. No undo.",
     '<camunda:in sourceExpression="gitlab-ce" target="vmName" />')
x += STEP
E.append(("gateway", "join-backup-inputs", '<bpmn:parallelGateway id="join-backup-inputs" name="PBS ready, GitLab archived">@IO@</bpmn:parallelGateway>'))
SHAPES["join-backup-inputs"] = (x + 25, Y + 15, 50, 50)
x += STEP - 40
call("setup-backups", "Proxmox VE backs up every VM into PBS", "backup-setup", x, Y,
     "PVE's pbs storage entry (fingerprint pinned, the token read from Vault inside the step), awaited active; one backup job (mode snapshot, the inventory's schedule, notification on failure) for every VM of the rollout and the inventory's existing-vms; a first backup of each, awaited.",
     "@JOBSIN@@JOBSOUT@")
call("remove-backups", "Remove the backup job and storage entry this run made", "backup-remove", x, Y + 120, "",
     "@JOBSMADE@",
     compensation=True)
undo("setup-backups", "remove-backups")
branch_a_end = x
# branch B: firewalls
bx = fork_x + STEP - 40
call("open-vault-to-phase-4", "Open the Vault VM's firewall to Phase 4", "vm-firewall-update", bx, Y + 300,
     "The rules the integration matrix adds to the Vault VM with Phase 4 (Proxmox Backup ✅ Vault); only what is not open already.",
     '<camunda:in sourceExpression="vault" target="vmName" /><camunda:in sourceExpression="${4}" target="rolloutPhase" /><camunda:out source="phaseFirewallRulesAdded" target="vaultPhase4FirewallRulesAdded" />')
call("close-vault-to-phase-4", "Close what this run opened on the Vault VM", "vm-firewall-update-undo", bx, Y + 420, "",
     '<camunda:in sourceExpression="vault" target="vmName" /><camunda:in source="vaultPhase4FirewallRulesAdded" target="phaseFirewallRulesAdded" />',
     compensation=True)
undo("open-vault-to-phase-4", "close-vault-to-phase-4")
call("open-gitlab-to-phase-4", "Open the GitLab VM's firewall to Phase 4", "vm-firewall-update", bx + STEP, Y + 300,
     "The rules the integration matrix adds to the GitLab VM with Phase 4 (Proxmox Backup ✅ GitLab CE); only what is not open already.",
     '<camunda:in sourceExpression="gitlab-ce" target="vmName" /><camunda:in sourceExpression="${4}" target="rolloutPhase" /><camunda:out source="phaseFirewallRulesAdded" target="gitlabPhase4FirewallRulesAdded" />')
call("close-gitlab-to-phase-4", "Close what this run opened on the GitLab VM", "vm-firewall-update-undo", bx + STEP,
     Y + 420, "",
     '<camunda:in sourceExpression="gitlab-ce" target="vmName" /><camunda:in source="gitlabPhase4FirewallRulesAdded" target="phaseFirewallRulesAdded" />',
     compensation=True)
undo("open-gitlab-to-phase-4", "close-gitlab-to-phase-4")
x = branch_a_end + STEP
E.append(("gateway", "join-phase-4", '<bpmn:parallelGateway id="join-phase-4" name="Backups taken, firewalls open">@IO@</bpmn:parallelGateway>'))
SHAPES["join-phase-4"] = (x + 25, Y + 15, 50, 50)
join_x = x
x += STEP - 40
call("monitor-backups", "Prometheus scrapes the PBS exporter", "prometheus-update-targets", x, Y,
     "Its configuration generated again with the proxmox-backup job (the exporter on :10019) and the backup alerting rules (last good backup older than 26 h, datastore above 80 %, verify failed), checked by promtool, reloaded.",
     '<camunda:in sourceExpression="prometheus" target="vmName" /><camunda:in sourceExpression="${true}" target="scrapeGitlab" /><camunda:in sourceExpression="${true}" target="scrapeArgocd" /><camunda:in sourceExpression="${true}" target="scrapeBackup" /><camunda:out source="backupScraped" target="backupScraped" />')
call("unmonitor-backups", "Prometheus back to Phase 3's targets", "prometheus-update-targets", x, Y + 120, "",
     '<camunda:in sourceExpression="prometheus" target="vmName" /><camunda:in sourceExpression="${true}" target="scrapeGitlab" /><camunda:in sourceExpression="${true}" target="scrapeArgocd" /><camunda:in sourceExpression="${false}" target="scrapeBackup" />',
     compensation=True)
undo("monitor-backups", "unmonitor-backups")
x += STEP
call("provision-backup-dashboard", "Provision the backup dashboard in Grafana", "grafana-install", x, Y,
     "Phase 1's grafana-install again: it adopts Grafana and provisions every dashboard of deploy/grafana, the backup one with them. No undo: Grafana's own undo would remove Phase 1's dashboards too.")
x += STEP
call("test-restores", "Restore each VM class's newest backup on an isolated network", "restore-test", x, Y,
     "restore-test once per VM class, side by side: the newest backup restored to a scratch VMID with its NIC down, started, its guest agent asked, the service's check run through it, the scratch VM destroyed. Each restore undoes itself; a failed one never touches the original VM and is reported, never passed.",
     '<camunda:in source="restoreVm" target="restoreVm" /><camunda:in sourceExpression="${phase4Model.checkOf(restoreVm)}" target="restoreCheck" />',
     inner='<bpmn:multiInstanceLoopCharacteristics camunda:collection="${phase4Model.restoreVms}" camunda:elementVariable="restoreVm" />')
x += STEP
service("summarize-restore-tests", "Gather the restore tests' results", "summarizeRestoreTestsDelegate", x, Y,
        "What each restore test found, one line a VM, for the restore-procedure form and the criteria.")
x += STEP
E.append(("task", "test-restore-procedure", '<bpmn:userTask id="test-restore-procedure" name="Test restore procedure" camunda:formRef="phase-4-restore" camunda:formRefBinding="deployment" camunda:candidateGroups="rollout-operators">%s@IO@</bpmn:userTask>' % doc("The manual half of 'Restore procedures tested': the form shows the automated results and asks the operator to restore one file-level item by hand, following the runbook, and to confirm what was restored.")))
SHAPES["test-restore-procedure"] = (x, Y, 100, 80)
x += STEP
service("commit-recovery-plan", "Commit the disaster-recovery runbook to GitLab", "commitRecoveryPlanDelegate", x, Y,
        "Rendered from the live state (what is backed up where and when, retention, restore order Vault, GitLab, K3s through Argo CD, where each credential lives in Vault) and committed to homelab/gitops as docs/disaster-recovery.md unless the committed one says the same.",
        '<camunda:failedJobRetryTimeCycle>${retryCycles.of(&#x27;R5/PT10S&#x27;)}</camunda:failedJobRetryTimeCycle>', after=True)
service("remove-recovery-plan", "Remove the runbook if this run committed it first", "removeRecoveryPlanDelegate", x,
        Y + 120, "", compensation=True)
undo("commit-recovery-plan", "remove-recovery-plan")
x += STEP
service("check-backups", "Phase 4's success criteria on the live systems", "checkBackupCriteriaDelegate", x, Y,
        "Proxmox Backup operational, backup schedules configured (every VM, a first backup each), restore procedures tested (automated and by hand), disaster recovery plan documented (the runbook current).",
        '<camunda:failedJobRetryTimeCycle>${retryCycles.of(&#x27;R5/PT10S&#x27;)}</camunda:failedJobRetryTimeCycle>')
x += STEP
service("find-argocd", "Find where Phase 3's Argo CD answers", "findArgoCdDelegate", x, Y,
        "For the matrix's Argo CD cells: rollout.argocd.url, else argocd-server's node port on K3s, as argocd-install found it.",
        '<camunda:failedJobRetryTimeCycle>${retryCycles.of(&#x27;R5/PT10S&#x27;)}</camunda:failedJobRetryTimeCycle>')
x += STEP
service("check-integration-matrix", "Integration matrix checked as a whole", "checkIntegrationMatrixDelegate", x, Y,
        "Every cell of the plan's integration matrix made real, Proxmox Backup's row with it, checked against the live systems (docs/integration-matrix.md).",
        '<camunda:failedJobRetryTimeCycle>${retryCycles.of(&#x27;R5/PT10S&#x27;)}</camunda:failedJobRetryTimeCycle><camunda:inputOutput><camunda:inputParameter name="rolloutPhase">${4}</camunda:inputParameter></camunda:inputOutput>')
x += STEP
E.append(("task", "approve-phase-4", '<bpmn:userTask id="approve-phase-4" name="Approve Phase 4" camunda:formRef="phase-4-gate" camunda:formRefBinding="deployment" camunda:candidateGroups="rollout-operators">%s<bpmn:extensionElements><camunda:taskListener delegateExpression="${recordCriteria}" event="create" /></bpmn:extensionElements>@IO@</bpmn:userTask>' % doc("The gate: the operator reads the four success criteria, the integration matrix and the runbook and approves the phase, or rejects it, which rolls back Phase 4 only (backups kept unless 'Delete backups' is ticked).")))
SHAPES["approve-phase-4"] = (x, Y, 100, 80)
x += STEP
E.append(("gateway", "approved", '<bpmn:exclusiveGateway id="approved" name="Approved?">@IO@</bpmn:exclusiveGateway>'))
SHAPES["approved"] = (x + 25, Y + 15, 50, 50)
x += STEP - 40
E.append(("end", "phase-4-done", '<bpmn:endEvent id="phase-4-done" name="Phase 4 done">@IO@</bpmn:endEvent>'))
SHAPES["phase-4-done"] = (x + 32, Y + 22, 36, 36)
E.append(("end", "phase-4-rejected", '<bpmn:endEvent id="phase-4-rejected" name="Phase 4 rejected">@IO@<bpmn:errorEventDefinition id="phase-4-rejected-definition" errorRef="phase-4-rejected-error" /></bpmn:endEvent>'))
SHAPES["phase-4-rejected"] = (x + 32, Y + 142, 36, 36)

flow("to-plan-reviewed", "phase-4-requested", "plan-reviewed")
flow("plan-already-reviewed", "plan-reviewed", "plan-review-done", "Yes", "${execution.getVariable('planReviewed') == true}")
flow("to-preview-plan", "plan-reviewed", "preview-plan", "No")
flow("plan-approved", "preview-plan", "plan-review-done")
flow("to-phase-4-not-started", "plan-rejected", "phase-4-not-started")
flow("to-confirm-vault", "plan-review-done", "confirm-vault")
flow("to-pbs-placement", "confirm-vault", "pbs-placement")
flow("on-own-vm", "pbs-placement", "provision-pbs-vm", "Yes", "${phase4Model.onOwnVm}")
flow("on-frontend", "pbs-placement", "pbs-vm-ready", "No: the frontend server")
flow("pbs-vm-provisioned", "provision-pbs-vm", "pbs-vm-ready")
flow("to-fork-phase-4", "pbs-vm-ready", "fork-phase-4")
flow("to-install-pbs", "fork-phase-4", "install-pbs")
flow("to-expose-pbs", "install-pbs", "expose-pbs")
flow("pbs-exposed", "expose-pbs", "join-backup-inputs")
flow("to-back-up-gitlab", "fork-phase-4", "back-up-gitlab")
flow("gitlab-archived", "back-up-gitlab", "join-backup-inputs")
flow("to-setup-backups", "join-backup-inputs", "setup-backups")
flow("backups-taken", "setup-backups", "join-phase-4")
flow("to-open-vault-to-phase-4", "fork-phase-4", "open-vault-to-phase-4")
flow("to-open-gitlab-to-phase-4", "open-vault-to-phase-4", "open-gitlab-to-phase-4")
flow("firewalls-opened", "open-gitlab-to-phase-4", "join-phase-4")
flow("to-monitor-backups", "join-phase-4", "monitor-backups")
flow("to-provision-backup-dashboard", "monitor-backups", "provision-backup-dashboard")
flow("to-test-restores", "provision-backup-dashboard", "test-restores")
flow("to-summarize-restore-tests", "test-restores", "summarize-restore-tests")
flow("to-test-restore-procedure", "summarize-restore-tests", "test-restore-procedure")
flow("to-commit-recovery-plan", "test-restore-procedure", "commit-recovery-plan")
flow("to-check-backups", "commit-recovery-plan", "check-backups")
flow("to-find-argocd", "check-backups", "find-argocd")
flow("to-check-integration-matrix", "find-argocd", "check-integration-matrix")
flow("to-approve-phase-4", "check-integration-matrix", "approve-phase-4")
flow("to-approved", "approve-phase-4", "approved")
flow("approve", "approved", "phase-4-done", "Approve", "${phase4Decision == 'approve'}")
flow("reject", "approved", "phase-4-rejected", "Reject", "${phase4Decision == 'reject'}")

# --- rollback ---------------------------------------------------------------------------------
RB_X, RB_Y = 240, Y + 700
chain1 = [("commit-recovery-plan", "Undo runbook"), ("monitor-backups", "Undo backup monitoring"),
          ("setup-backups", "Undo backup jobs"), ("expose-pbs", "Undo PBS exposure"), ("install-pbs", "Undo PBS"),
          ("provision-pbs-vm", "Undo proxmox-backup VM")]
chain2 = [("open-gitlab-to-phase-4", "Undo GitLab firewall"), ("open-vault-to-phase-4", "Undo Vault firewall")]
SUB.append('<bpmn:startEvent id="step-failed-or-rejected" name="A step failed for good, or the gate rejected"><bpmn:outgoing>to-fork-rollback</bpmn:outgoing><bpmn:errorEventDefinition id="step-failed-or-rejected-definition" camunda:errorCodeVariable="phase4RollbackCause" camunda:errorMessageVariable="phase4RollbackMessage" /></bpmn:startEvent>')
SHAPES["step-failed-or-rejected"] = (RB_X + 60, RB_Y + 102, 36, 36)
SHAPES["fork-rollback"] = (RB_X + 150, RB_Y + 95, 50, 50)
SUBFLOWS.append(("to-fork-rollback", "step-failed-or-rejected", "fork-rollback", None, None))
row1 = RB_Y + 102
cx = RB_X + 260
prev = "fork-rollback"
for act, name in chain1[:-1]:
    tid = "undo-" + act
    SUBFLOWS.append(("to-" + tid, prev, tid, None, None))
    SHAPES[tid] = (cx, row1, 36, 36)
    cx += 110
    prev = tid
# the VM holds the datastore: it goes only when the backups go too
SHAPES["delete-backups"] = (cx - 7, row1 - 7, 50, 50)
SUBFLOWS.append(("to-delete-backups", prev, "delete-backups", None, None))
cx += 110
SHAPES["undo-provision-pbs-vm"] = (cx, row1 + 100, 36, 36)
SUBFLOWS.append(("delete-the-vm", "delete-backups", "undo-provision-pbs-vm", "Yes: delete the VM with them",
                 "${execution.getVariable('deleteBackups') == true}"))
cx += 110
SHAPES["backups-decided"] = (cx - 7, row1 - 7, 50, 50)
SUBFLOWS.append(("keep-the-vm", "delete-backups", "backups-decided", "No: keep the VM and its backups", None))
SUBFLOWS.append(("vm-undone", "undo-provision-pbs-vm", "backups-decided", None, None))
SUBFLOWS.append(("undo-pbs-done", "backups-decided", "join-rollback-branches", None, None))
prev = "fork-rollback"
row2 = RB_Y + 262
cx2 = RB_X + 260
for act, name in chain2:
    tid = "undo-" + act
    SUBFLOWS.append(("to-" + tid, prev, tid, None, None))
    SHAPES[tid] = (cx2, row2, 36, 36)
    cx2 += 110
    prev = tid
SUBFLOWS.append((prev + "-done", prev, "join-rollback-branches", None, None))
jx = cx + 110
SHAPES["join-rollback-branches"] = (jx, RB_Y + 95, 50, 50)
SHAPES["phase-4-rolled-back"] = (jx + 100, RB_Y + 102, 36, 36)
SUBFLOWS.append(("to-phase-4-rolled-back", "join-rollback-branches", "phase-4-rolled-back", None, None))
SHAPES["roll-back-phase-4"] = (RB_X, RB_Y, jx + 180 - RB_X, 360)


def incoming(id, flows):
    return [f[0] for f in flows if f[2] == id]


def outgoing(id, flows):
    return [f[0] for f in flows if f[1] == id]


def io(id, flows):
    return "".join("<bpmn:incoming>%s</bpmn:incoming>" % f for f in incoming(id, flows)) + "".join(
        "<bpmn:outgoing>%s</bpmn:outgoing>" % f for f in outgoing(id, flows))


sub_nodes = []
sub_nodes.append('<bpmn:parallelGateway id="fork-rollback" name="Branches undone independently">%s</bpmn:parallelGateway>' % io("fork-rollback", SUBFLOWS))
sub_nodes.append('<bpmn:exclusiveGateway id="delete-backups" name="Delete backups?" default="keep-the-vm">%s%s</bpmn:exclusiveGateway>' % (doc("The gate's 'Delete backups' box: the proxmox-backup VM holds the datastore, so it is deleted (if this run created it) only with the backups; otherwise it stays, PBS on it with the backups taken, for a restore."), io("delete-backups", SUBFLOWS)))
sub_nodes.append('<bpmn:exclusiveGateway id="backups-decided">%s</bpmn:exclusiveGateway>' % io("backups-decided", SUBFLOWS))
for chain in (chain1, chain2):
    for act, name in chain:
        tid = "undo-" + act
        sub_nodes.append('<bpmn:intermediateThrowEvent id="%s" name=%s>%s<bpmn:compensateEventDefinition id="%s-definition" activityRef="%s" waitForCompletion="true" /></bpmn:intermediateThrowEvent>' % (tid, a(name), io(tid, SUBFLOWS), tid, act))
sub_nodes.append('<bpmn:parallelGateway id="join-rollback-branches" name="Branches undone">%s</bpmn:parallelGateway>' % io("join-rollback-branches", SUBFLOWS))
sub_nodes.append('<bpmn:endEvent id="phase-4-rolled-back" name="Phase 4 rolled back">%s</bpmn:endEvent>' % io("phase-4-rolled-back", SUBFLOWS))


def center(id):
    x, y, w, h = SHAPES[id]
    return x + w / 2, y + h / 2


def edge(s, t):
    sx, sy, sw, sh = SHAPES[s]
    tx, ty, tw, th = SHAPES[t]
    scx, scy = sx + sw / 2, sy + sh / 2
    tcx, tcy = tx + tw / 2, ty + th / 2
    if abs(scy - tcy) < 1:
        return [(sx + sw, scy), (tx, tcy)]
    # leave from the top/bottom of a gateway towards the target's row, else elbow at the target
    if sw == 50:  # gateway source: vertical first
        return [(scx, sy if tcy < scy else sy + sh), (scx, tcy), (tx, tcy)]
    if tw == 50:  # gateway target: horizontal then vertical into it
        return [(sx + sw, scy), (tcx, scy), (tcx, ty if scy < tcy else ty + th)]
    return [(sx + sw, scy), ((sx + sw + tx) / 2, scy), ((sx + sw + tx) / 2, tcy), (tx, tcy)]


def fmt(v):
    return str(int(round(v)))


def build():
    nodes = []
    for kind, id, xml in E:
        body = io(id, [(f[0], f[1], f[2]) for f in FLOWS])
        xml = xml.replace("@IO@", body)
        xml = xml.replace("@PBSOUT@", outs(*(PBS_OUT + PBS_MADE)))
        xml = xml.replace("@PBSMADE@", ins(*(["pbsAddress", "pbsFingerprint"] + PBS_MADE)))
        xml = xml.replace("@JOBSIN@", ins(*JOBS_IN))
        xml = xml.replace("@JOBSOUT@", outs(*(JOBS_MADE + JOBS_OUT_EXTRA)))
        xml = xml.replace("@JOBSMADE@", ins(*JOBS_MADE))
        nodes.append("    " + xml)
    flows = []
    for id, s, t, name, cond in FLOWS:
        n = (" name=%s" % a(name)) if name else ""
        if cond:
            flows.append('    <bpmn:sequenceFlow id="%s"%s sourceRef="%s" targetRef="%s"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">%s</bpmn:conditionExpression></bpmn:sequenceFlow>' % (id, n, s, t, escape(cond, {"'": "&#x27;"})))
        else:
            flows.append('    <bpmn:sequenceFlow id="%s"%s sourceRef="%s" targetRef="%s" />' % (id, n, s, t))
    sub = ['    <bpmn:subProcess id="roll-back-phase-4" name="Roll back Phase 4" triggeredByEvent="true">',
           "      " + doc("Undoes only what this run of Phase 4 created, in reverse dependency order: the runbook, monitoring, PVE's backup job and storage entry before PBS itself, PBS before its VM. Backups already taken stay unless the gate's 'Delete backups' was ticked. Steps still running are cancelled, not compensated.")]
    sub += ["      " + n for n in SUB + sub_nodes]
    for id, src, tgt, name, cond in SUBFLOWS:
        n = (" name=%s" % a(name)) if name else ""
        if cond:
            sub.append('      <bpmn:sequenceFlow id="%s"%s sourceRef="%s" targetRef="%s"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">%s</bpmn:conditionExpression></bpmn:sequenceFlow>' % (id, n, src, tgt, escape(cond, {"'": "&#x27;"})))
        else:
            sub.append('      <bpmn:sequenceFlow id="%s"%s sourceRef="%s" targetRef="%s" />' % (id, n, src, tgt))
    sub.append("    </bpmn:subProcess>")
    assoc = ['    <bpmn:association id="%s" associationDirection="One" sourceRef="%s" targetRef="%s" />' % (i, s, t) for i, s, t, _ in ASSOC]
    di = []
    for id, (x, y, w, h) in SHAPES.items():
        extra = ' isExpanded="true"' if id == "roll-back-phase-4" else ""
        di.append('      <bpmndi:BPMNShape id="%s-shape" bpmnElement="%s"%s><dc:Bounds x="%s" y="%s" width="%s" height="%s" /></bpmndi:BPMNShape>' % (id, id, extra, fmt(x), fmt(y), fmt(w), fmt(h)))
    for id, s, t, name, cond in FLOWS:
        pts = WAYPOINTS.get(id) or edge(s, t)
        di.append('      <bpmndi:BPMNEdge id="%s-edge" bpmnElement="%s">%s</bpmndi:BPMNEdge>' % (id, id, "".join('<di:waypoint x="%s" y="%s" />' % (fmt(px), fmt(py)) for px, py in pts)))
    for id, s, t, _n, _c in SUBFLOWS:
        pts = edge(s, t)
        di.append('      <bpmndi:BPMNEdge id="%s-edge" bpmnElement="%s">%s</bpmndi:BPMNEdge>' % (id, id, "".join('<di:waypoint x="%s" y="%s" />' % (fmt(px), fmt(py)) for px, py in pts)))
    for id, s, t, pts in ASSOC:
        di.append('      <bpmndi:BPMNEdge id="%s-edge" bpmnElement="%s">%s</bpmndi:BPMNEdge>' % (id, id, "".join('<di:waypoint x="%s" y="%s" />' % (fmt(px), fmt(py)) for px, py in pts)))
    head = open("processes/phase-3-gitops.bpmn").read().split("\n")[:2]
    definitions = head[1].replace("phase-3", "phase-4")
    process_doc = ("The plan's Phase 4 (Backup & Management), run after all other services are stable: the start is refused (400) "
                   "unless Phase 1's Vault, Phase 2's GitLab and Phase 3's Argo CD are live. Proxmox Backup Server on the plan's "
                   "proxmox-backup VM (or the frontend server), configured through its API with the inventory's retention; Proxmox VE "
                   "backing up every VM of the rollout and the existing services' VMs into it; backup health in Prometheus and Grafana; "
                   "every VM class restored on an isolated network and checked, then a restore by hand; the disaster-recovery runbook "
                   "committed to GitLab; the four success criteria and the integration matrix at the gate. Reject or a failure for good "
                   "rolls back Phase 4 only (docs/phase-4.md).")
    out = [head[0], definitions,
           '  <bpmn:process id="phase-4-backup" name="Phase 4: Backup &amp; Management" isExecutable="true" camunda:historyTimeToLive="P180D">',
           "    " + doc(process_doc)]
    out += nodes + flows + sub + assoc
    out.append("  </bpmn:process>")
    out.append('  <bpmn:error id="plan-rejected-error" name="Plan rejected" errorCode="PLAN_REJECTED" />')
    out.append('  <bpmn:error id="phase-4-rejected-error" name="Phase 4 rejected at the gate" errorCode="PHASE_4_REJECTED" />')
    out.append('  <bpmndi:BPMNDiagram id="phase-4-backup-diagram">')
    out.append('    <bpmndi:BPMNPlane id="phase-4-backup-plane" bpmnElement="phase-4-backup">')
    out += di
    out.append("    </bpmndi:BPMNPlane>")
    out.append("  </bpmndi:BPMNDiagram>")
    out.append("</bpmn:definitions>")
    open("processes/phase-4-backup.bpmn", "w").write("\n".join(out) + "\n")


build()
