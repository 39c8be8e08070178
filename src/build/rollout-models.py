#!/usr/bin/env python3
"""Generates processes/homelab-rollout.bpmn and processes/rollback-phase-{1,2,3}.bpmn (semantics + DI) from the
phase models. Run from the project root after a phase model's rollback changes."""
import json
import re
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

NS = {'bpmn': 'http://www.omg.org/spec/BPMN/20100524/MODEL', 'camunda': 'http://camunda.org/schema/1.0/bpmn'}
PHASES = {1: "phase-1-foundation", 2: "phase-2-cicd", 3: "phase-3-gitops", 4: "phase-4-backup"}
TITLES = {1: "Foundation", 2: "CI/CD Platform", 3: "GitOps & Automation", 4: "Backup & Management"}
# the variables each phase's start takes from the rollout (Phase 4 has no Helm release to wait for)
PHASE_IN = {1: ["rolloutRun", "releaseReadyTimeout"], 2: ["rolloutRun", "releaseReadyTimeout"],
            3: ["rolloutRun", "releaseReadyTimeout"], 4: ["rolloutRun"]}
# compensation handlers that are service tasks read these variables themselves
SERVICE_HANDLER_READS = {"remove-recovery-plan": ["recoveryPlanCreated"]}


def a(s):
    return quoteattr(s)


def doc(text):
    return "<bpmn:documentation>" + escape(text, {"'": "&#x27;"}) + "</bpmn:documentation>" if text else ""


def head_of(key):
    head = open("processes/phase-3-gitops.bpmn").read().split("\n")[:2]
    return [head[0], head[1].replace("phase-3-gitops", key)]


def tag(el):
    return el.tag.split('}')[1]


class Rollback:
    """Phase N's rollback event sub-process as a process of its own: each compensation throw becomes the handler
    it would have run, with the same inputs; gateways and order as in the phase."""

    def __init__(self, n):
        self.n = n
        self.path = "processes/%s.bpmn" % PHASES[n]
        self.text = open(self.path).read()
        root = ET.parse(self.path).getroot()
        process = root.find('bpmn:process', NS)
        boundary_of = {}
        for b in process.findall('bpmn:boundaryEvent', NS):
            if b.find('bpmn:compensateEventDefinition', NS) is not None:
                boundary_of[b.get('attachedToRef')] = b.get('id')
        handler_of_boundary = {x.get('sourceRef'): x.get('targetRef') for x in process.findall('bpmn:association', NS)}
        sub = [s for s in process.findall('bpmn:subProcess', NS) if s.get('triggeredByEvent') == 'true'][0]
        self.nodes = []   # (id, kind, xml-without-io, name)
        self.flows = []   # (id, source, target, condition)
        self.needs = []
        for el in sub:
            t = tag(el)
            if t == 'sequenceFlow':
                c = el.find('bpmn:conditionExpression', NS)
                self.flows.append((el.get('id'), el.get('sourceRef'), el.get('targetRef'), c.text if c is not None else None))
            elif t == 'startEvent':
                self.start = el.get('id')
                self.nodes.append((el.get('id'), 'start', None, None))
            elif t == 'endEvent':
                self.nodes.append((el.get('id'), 'end', None, el.get('name')))
            elif t in ('parallelGateway', 'exclusiveGateway'):
                self.nodes.append((el.get('id'), t, el, el.get('name')))
            elif t == 'intermediateThrowEvent':
                activity = el.find('bpmn:compensateEventDefinition', NS).get('activityRef')
                handler = handler_of_boundary[boundary_of[activity]]
                m = re.search(r'<bpmn:(callActivity|serviceTask) id="%s".*?</bpmn:\1>' % re.escape(handler), self.text, re.S)
                xml = m.group(0)
                self.nodes.append((el.get('id'), 'handler', (m.group(1), xml, handler), None))
                self.needs += re.findall(r'<camunda:in source="([^"]+)"', xml)
                self.needs += re.findall(r"getVariable\(&#x27;([A-Za-z0-9]+)&#x27;\)", xml)
                self.needs += SERVICE_HANDLER_READS.get(handler, [])
        self.needs = sorted(set(self.needs) - {"rolloutRun"})
        self.key = "rollback-phase-%d" % n

    def io(self, id):
        s = "".join("<bpmn:incoming>%s</bpmn:incoming>" % f[0] for f in self.flows if f[2] == id)
        return s + "".join("<bpmn:outgoing>%s</bpmn:outgoing>" % f[0] for f in self.flows if f[1] == id)

    def layout(self):
        # longest path from the start for the column, order of appearance within it for the row
        col = {self.start: 0}
        changed = True
        while changed:
            changed = False
            for _, s, t, _c in self.flows:
                if s in col and col.get(t, -1) < col[s] + 1:
                    col[t] = col[s] + 1
                    changed = True
        rows = {}
        shapes = {}
        for id, kind, _x, _n in self.nodes:
            c = col[id]
            r = rows.get(c, 0)
            rows[c] = r + 1
            w, h = {'start': (36, 36), 'end': (36, 36), 'handler': (100, 80)}.get(kind, (50, 50))
            cx, cy = 180 + c * 170, 140 + r * 130
            shapes[id] = (cx - w / 2, cy - h / 2, w, h)
        return shapes

    def build(self):
        nodes = []
        for id, kind, x, name in self.nodes:
            io = self.io(id)
            if kind == 'start':
                nodes.append('<bpmn:startEvent id="%s" name="Roll back Phase %d requested">%s</bpmn:startEvent>' % (id, self.n, io))
            elif kind == 'end':
                nodes.append('<bpmn:endEvent id="%s" name=%s>%s</bpmn:endEvent>' % (id, a(name), io))
            elif kind in ('parallelGateway', 'exclusiveGateway'):
                attrs = "".join(' %s=%s' % (k, a(v)) for k, v in x.attrib.items() if k in ('name', 'default'))
                d = x.find('bpmn:documentation', NS)
                nodes.append('<bpmn:%s id="%s"%s>%s%s</bpmn:%s>' % (kind, id, attrs, doc(d.text if d is not None else ""), io, kind))
            else:
                t, xml, handler = x
                xml = xml.replace(' id="%s"' % handler, ' id="%s"' % id, 1).replace(' isForCompensation="true"', '', 1)
                xml = xml.replace('</bpmn:%s>' % t, io + '</bpmn:%s>' % t)
                nodes.append(xml)
        flows = []
        for id, s, t, c in self.flows:
            if c:
                flows.append('<bpmn:sequenceFlow id="%s" sourceRef="%s" targetRef="%s"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">%s</bpmn:conditionExpression></bpmn:sequenceFlow>' % (id, s, t, escape(c, {"'": "&#x27;"})))
            else:
                flows.append('<bpmn:sequenceFlow id="%s" sourceRef="%s" targetRef="%s" />' % (id, s, t))
        shapes = self.layout()
        di = shapes_di(shapes) + edges_di([(f[0], f[1], f[2]) for f in self.flows], shapes)
        process_doc = ("Phase %d's rollback, for a rollout that goes back to before Phase %d after the phase was approved "
                       "(its compensation handlers end with it). Generated from %s's 'Roll back Phase %d': the same undo "
                       "building blocks, with the same inputs, in the same reverse dependency order. Each undoes only what "
                       "the run named by rolloutRun created, so an adopted thing stays. In: the phase run's results, "
                       "handed on by homelab-rollout." % (self.n, self.n, PHASES[self.n], self.n))
        out = head_of(self.key)
        out.append('  <bpmn:process id="%s" name="Roll back Phase %d" isExecutable="true" camunda:historyTimeToLive="P180D">' % (self.key, self.n))
        out.append("    " + doc(process_doc))
        out += ["    " + n for n in nodes + flows]
        out.append("  </bpmn:process>")
        out += plane(self.key, di)
        open("processes/%s.bpmn" % self.key, "w").write("\n".join(out) + "\n")


def fmt(v):
    return str(int(round(v)))


def edge(shapes, s, t):
    sx, sy, sw, sh = shapes[s]
    tx, ty, tw, th = shapes[t]
    scx, scy = sx + sw / 2, sy + sh / 2
    tcx, tcy = tx + tw / 2, ty + th / 2
    if abs(scy - tcy) < 1:
        if tx > sx:
            return [(sx + sw, scy), (tx, tcy)]
        # back to the left: under both
        low = max(sy + sh, ty + th) + 30
        return [(scx, sy + sh), (scx, low), (tcx, low), (tcx, ty + th)]
    if tx < sx:
        # back to an earlier column (a retry): over the top of the target
        return [(scx, sy if tcy < scy else sy + sh), (scx, tcy - th / 2 - 25 if tcy < scy else tcy + th / 2 + 25), (tcx, tcy - th / 2 - 25 if tcy < scy else tcy + th / 2 + 25), (tcx, ty if tcy < scy else ty + th)]
    if sw == 50:
        return [(scx, sy if tcy < scy else sy + sh), (scx, tcy), (tx, tcy)]
    if tw == 50:
        return [(sx + sw, scy), (tcx, scy), (tcx, ty if scy < tcy else ty + th)]
    return [(sx + sw, scy), ((sx + sw + tx) / 2, scy), ((sx + sw + tx) / 2, tcy), (tx, tcy)]


def shapes_di(shapes):
    return ['      <bpmndi:BPMNShape id="%s-shape" bpmnElement="%s"><dc:Bounds x="%s" y="%s" width="%s" height="%s" /></bpmndi:BPMNShape>' % (id, id, fmt(x), fmt(y), fmt(w), fmt(h)) for id, (x, y, w, h) in shapes.items()]


def edges_di(flows, shapes, fixed=None):
    out = []
    for id, s, t in flows:
        pts = (fixed or {}).get(id) or edge(shapes, s, t)
        out.append('      <bpmndi:BPMNEdge id="%s-edge" bpmnElement="%s">%s</bpmndi:BPMNEdge>' % (id, id, "".join('<di:waypoint x="%s" y="%s" />' % (fmt(px), fmt(py)) for px, py in pts)))
    return out


def plane(key, di):
    return ['  <bpmndi:BPMNDiagram id="%s-diagram">' % key, '    <bpmndi:BPMNPlane id="%s-plane" bpmnElement="%s">' % (key, key)] + di + ["    </bpmndi:BPMNPlane>", "  </bpmndi:BPMNDiagram>", "</bpmn:definitions>"]


ROLLBACKS = {n: Rollback(n) for n in (1, 2, 3)}
for r in ROLLBACKS.values():
    r.build()

# --- homelab-rollout ----------------------------------------------------------------------------------------------
E = []        # (id, xml with @IO@)
SHAPES = {}
FLOWS = []    # (id, source, target, name, condition)
ASSOC = []
FIXED = {}


def node(id, xml, x, y, w, h):
    E.append((id, xml))
    SHAPES[id] = (x, y, w, h)


def flow(id, s, t, name=None, cond=None):
    FLOWS.append((id, s, t, name, cond))


def io(id):
    s = "".join("<bpmn:incoming>%s</bpmn:incoming>" % f[0] for f in FLOWS if f[2] == id)
    return s + "".join("<bpmn:outgoing>%s</bpmn:outgoing>" % f[0] for f in FLOWS if f[1] == id)


BK = '<camunda:in businessKey="#{execution.processBusinessKey}" />'
Y = 300          # the main line
STEP = 150
x = 160
node("rollout-requested", '<bpmn:startEvent id="rollout-requested" name="Rollout requested" camunda:formRef="rollout-start" camunda:formRefBinding="deployment"><bpmn:extensionElements><camunda:executionListener delegateExpression="${rolloutStartVariables}" event="start" /></bpmn:extensionElements>@IO@</bpmn:startEvent>', x, Y + 22, 36, 36)
x += 110
node("preview-plan", ('<bpmn:callActivity id="preview-plan" name="Preview the plan, reviewed before any change" calledElement="plan-preview" camunda:asyncBefore="true">%s'
                      '<bpmn:extensionElements>%s<camunda:in source="rolloutRun" target="rolloutRun" /><camunda:in sourceExpression="1,2,3,4" target="planPhases" />'
                      '<camunda:out source="plan" target="plan" /><camunda:out source="planSummary" target="planSummary" /><camunda:out source="planBlocked" target="planBlocked" />'
                      + "".join('<camunda:out source="phase%dPlanChanges" target="phase%dPlanChanges" />' % (n, n) for n in (1, 2, 3, 4)) +
                      '</bpmn:extensionElements>@IO@</bpmn:callActivity>')
     % (doc("plan-preview over the four phases, against the live systems: for everything the run would touch, create, adopt, adopt with changes or blocked, and the inventory checks; the operator reviews it in 'Review the plan' (a blocked plan cannot be approved). Nothing has been changed until it is approved. The plan document comes back as the variable plan (plan.json), for CI, and what it would change of each phase as phase<N>PlanChanges (empty: it only adopts)."), BK),
     x, Y, 100, 80)
flow("to-preview-plan", "rollout-requested", "preview-plan")
node("plan-rejected", '<bpmn:boundaryEvent id="plan-rejected" name="Plan rejected" attachedToRef="preview-plan">@IO@<bpmn:errorEventDefinition id="plan-rejected-definition" errorRef="plan-rejected-error" /></bpmn:boundaryEvent>', x + 32, Y + 62, 36, 36)
node("nothing-changed", '<bpmn:endEvent id="nothing-changed" name="Plan rejected: nothing changed">@IO@</bpmn:endEvent>', x + 32, Y + 160, 36, 36)
flow("to-nothing-changed", "plan-rejected", "nothing-changed")
prev = "preview-plan"
x += STEP
for n in (1, 2, 3, 4):
    key = PHASES[n]
    look = "look-at-phase-%d" % n
    node(look, ('<bpmn:serviceTask id="%s" name=%s camunda:asyncBefore="true" camunda:delegateExpression="${lookAtPhaseDelegate}">%s'
                '<bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="phase">${%d}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>@IO@</bpmn:serviceTask>')
         % (look, a("Phase %d complete on the live systems?" % n),
            doc("Whether Phase %d's latest run was approved at its gate, the reviewed plan only adopts what it touches (every VM, release, Vault path, project, application, backup job, vhost and firewall rule exists and matches), and what it leaves live answers the look the next phase's start makes: then the phase is adopted, not redone. Sets phase%dComplete and phase%dLook." % (n, n, n)), n),
         x, Y, 100, 80)
    flow("to-" + look, prev, look)
    x += STEP
    gw = "phase-%d-complete" % n
    node(gw, '<bpmn:exclusiveGateway id="%s" name=%s default="run-phase-%d-needed">@IO@</bpmn:exclusiveGateway>' % (gw, a("Phase %d complete?" % n), n), x + 25, Y + 15, 50, 50)
    flow("to-" + gw, look, gw)
    join = "phase-%d-passed" % n
    retry = "phase-%d-tries" % n
    x += 110
    node(retry, '<bpmn:exclusiveGateway id="%s">@IO@</bpmn:exclusiveGateway>' % retry, x + 25, Y + 15, 50, 50)
    flow("run-phase-%d-needed" % n, gw, retry, "no")
    x += 110
    run = "run-phase-%d" % n
    outs = ["phase%dRollbackCause" % n, "phase%dRollbackMessage" % n] + (ROLLBACKS[n].needs if n in ROLLBACKS else [])
    ext = BK + "".join('<camunda:in source="%s" target="%s" />' % (v, v) for v in PHASE_IN[n])
    ext += '<camunda:in sourceExpression="${true}" target="planReviewed" />'  # the rollout's own preview covered this phase
    ext += "".join('<camunda:out source="%s" target="%s" />' % (v, v) for v in outs)
    node(run, ('<bpmn:callActivity id="%s" name=%s calledElement="%s" camunda:asyncBefore="true" camunda:asyncAfter="true">%s'
               '<bpmn:extensionElements>%s</bpmn:extensionElements>@IO@</bpmn:callActivity>')
         % (run, a("Phase %d: %s" % (n, TITLES[n])), key,
            doc("The phase's own model with its gate; a step that fails for good or a rejected gate rolls back this phase only, inside it, and phase%dRollbackCause says so. Hands back what the phase's rollback needs%s." % (n, "" if n == 4 else " (rollback-phase-%d, should the rollout go back to before it later)" % n)),
            ext), x, Y, 100, 80)
    flow("to-" + run, retry, run)
    if n in ROLLBACKS:
        handler = "roll-back-phase-%d" % n
        hext = BK + '<camunda:in source="rolloutRun" target="rolloutRun" />' + "".join('<camunda:in source="%s" target="%s" />' % (v, v) for v in ROLLBACKS[n].needs)
        node(handler, ('<bpmn:callActivity id="%s" name=%s calledElement="rollback-phase-%d" isForCompensation="true" camunda:asyncBefore="true">'
                       '<bpmn:extensionElements>%s</bpmn:extensionElements></bpmn:callActivity>') % (handler, a("Roll back Phase %d" % n), n, hext),
             x, Y + 130, 100, 80)
        b = run + "-compensation"
        node(b, '<bpmn:boundaryEvent id="%s" name="Undo" attachedToRef="%s"><bpmn:compensateEventDefinition id="%s-definition" /></bpmn:boundaryEvent>' % (b, run, b), x + 32, Y + 62, 36, 36)
        ASSOC.append((b + "-association", b, handler, [(x + 50, Y + 98), (x + 50, Y + 130)]))
    x += STEP
    outcome = "phase-%d-outcome" % n
    node(outcome, '<bpmn:exclusiveGateway id="%s" name=%s default="phase-%d-approved">@IO@</bpmn:exclusiveGateway>' % (outcome, a("Phase %d approved?" % n), n), x + 25, Y + 15, 50, 50)
    flow("to-" + outcome, run, outcome)
    # the phase rolled itself back: the operator chooses how far back
    offer = "offer-rollback-%d" % n
    node(offer, ('<bpmn:serviceTask id="%s" name=%s camunda:delegateExpression="${offerRollbackDelegate}">%s'
                 '<bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="phase">${%d}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>@IO@</bpmn:serviceTask>')
         % (offer, a("Work out how far back the rollout can go"),
            doc("Phase %d rolled itself back. For each choice, the order in which the rollout would undo the phases before it (those this run made: an adopted phase is not this run's to remove, and a phase that others depend on is only undone after them), and which choices are refused and why." % n), n),
         x, Y - 160, 100, 80)
    flow("phase-%d-rolled-back" % n, outcome, offer, "rolled back", "${execution.getVariable('phase%dRollbackCause') != null}" % n)
    x += STEP
    choose = "choose-after-phase-%d" % n
    node(choose, ('<bpmn:userTask id="%s" name=%s camunda:formRef="rollout-phase-stopped" camunda:formRefBinding="deployment" camunda:candidateGroups="rollout-operators">%s'
                  '<bpmn:extensionElements><camunda:taskListener delegateExpression="${rollbackChoiceCheck}" event="complete" /></bpmn:extensionElements>@IO@</bpmn:userTask>')
         % (choose, a("Phase %d rolled back: how far back?" % n),
            doc("Retry Phase %d, stop here (Phase %d is rolled back, the phases before it stay), or roll back to after an earlier phase: the form shows the order first. A choice that would remove what this run did not create, or what a live phase still depends on, is refused (400) with the reason." % (n, n))),
         x, Y - 160, 100, 80)
    flow("to-" + choose, offer, choose)
    x += STEP
    choice = "choice-after-phase-%d" % n
    node(choice, '<bpmn:exclusiveGateway id="%s" name="Chosen" default="stop-after-phase-%d">@IO@</bpmn:exclusiveGateway>' % (choice, n), x + 25, Y - 145, 50, 50)
    flow("to-" + choice, choose, choice)
    flow("retry-phase-%d" % n, choice, retry, "retry", "${rollbackChoice == 'retry'}")
    FIXED["retry-phase-%d" % n] = [(x + 50, Y - 145), (x + 50, Y - 190), (SHAPES[retry][0] + 25, Y - 190), (SHAPES[retry][0] + 25, Y + 15)]
    stopped = "rollout-stopped-at-phase-%d" % n
    node(stopped, '<bpmn:endEvent id="%s" name=%s>@IO@</bpmn:endEvent>' % (stopped, a("Rollout stopped at Phase %d" % n)), x + 130, Y - 138, 36, 36)
    flow("stop-after-phase-%d" % n, choice, stopped, "stop")
    if n > 1:
        flow("back-from-phase-%d" % n, choice, "roll-back-earlier", "roll back further", "${rollbackChoice.startsWith('after-')}")
    x += STEP - 40
    node(join, '<bpmn:exclusiveGateway id="%s">@IO@</bpmn:exclusiveGateway>' % join, x + 25, Y + 15, 50, 50)
    flow("phase-%d-adopted" % n, gw, join, "yes: adopted", "${phase%dComplete}" % n)
    FIXED["phase-%d-adopted" % n] = [(SHAPES[gw][0] + 25, Y + 65), (SHAPES[gw][0] + 25, Y + 250), (x + 50, Y + 250), (x + 50, Y + 65)]
    flow("phase-%d-approved" % n, outcome, join, "approved")
    prev = join
    x += 110
node("rollout-done", '<bpmn:endEvent id="rollout-done" name="Homelab rolled out">@IO@</bpmn:endEvent>', x, Y + 22, 36, 36)
flow("to-rollout-done", prev, "rollout-done")
# the way back: the phases before the one that stopped, newest first, as far as chosen
ry = Y + 420
rx = 400
node("roll-back-earlier", '<bpmn:exclusiveGateway id="roll-back-earlier" name="Roll back to after the chosen phase">@IO@</bpmn:exclusiveGateway>', rx + 25, ry + 15, 50, 50)
for n in (1, 2, 3, 4):
    c = SHAPES["choice-after-phase-%d" % n]
    if n > 1:
        FIXED["back-from-phase-%d" % n] = [(c[0] + 50, c[1] + 25), (c[0] + 70, c[1] + 25), (c[0] + 70, ry + 40 - 6 * n), (rx + 50, ry + 40 - 6 * n)] if False else [(c[0] + 25, c[1] + 50), (c[0] + 25, ry - 20), (rx + 50, ry - 20), (rx + 50, ry + 15)]
prev = "roll-back-earlier"
rx += 130
for n in (3, 2, 1):
    q = "undo-phase-%d-chosen" % n
    node(q, '<bpmn:exclusiveGateway id="%s" name=%s default="keep-phase-%d">@IO@</bpmn:exclusiveGateway>' % (q, a("Undo Phase %d?" % n), n), rx + 25, ry + 15, 50, 50)
    flow("to-" + q, prev, q)
    rx += 130
    t = "undo-phase-%d" % n
    node(t, ('<bpmn:intermediateThrowEvent id="%s" name=%s>%s@IO@<bpmn:compensateEventDefinition id="%s-definition" activityRef="run-phase-%d" waitForCompletion="true" /></bpmn:intermediateThrowEvent>')
         % (t, a("Undo Phase %d" % n), doc("Runs rollback-phase-%d if this run ran Phase %d (an adopted Phase %d has nothing of this run to undo: the choice was refused then)." % (n, n, n)), t, n),
         rx, ry + 22, 36, 36)
    flow("undo-phase-%d-yes" % n, q, t, "yes", "${rollbackTo < %d &amp;&amp; stoppedPhase > %d}".replace("&amp;", "&") % (n, n))
    rx += 100
    m = "phase-%d-undone" % n
    node(m, '<bpmn:exclusiveGateway id="%s">@IO@</bpmn:exclusiveGateway>' % m, rx + 25, ry + 15, 50, 50)
    flow("to-" + m, t, m)
    flow("keep-phase-%d" % n, q, m, "no")
    FIXED["keep-phase-%d" % n] = [(SHAPES[q][0] + 25, ry + 65), (SHAPES[q][0] + 25, ry + 100), (rx + 50, ry + 100), (rx + 50, ry + 65)]
    prev = m
    rx += 130
node("rollout-rolled-back", '<bpmn:endEvent id="rollout-rolled-back" name="Rolled back to after the chosen phase">@IO@</bpmn:endEvent>', rx, ry + 22, 36, 36)
flow("to-rollout-rolled-back", prev, "rollout-rolled-back")


def build():
    nodes = ["    " + xml.replace("@IO@", io(id)) for id, xml in E]
    flows = []
    for id, s, t, name, cond in FLOWS:
        nm = (" name=%s" % a(name)) if name else ""
        if cond:
            flows.append('    <bpmn:sequenceFlow id="%s"%s sourceRef="%s" targetRef="%s"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">%s</bpmn:conditionExpression></bpmn:sequenceFlow>' % (id, nm, s, t, escape(cond, {"'": "&#x27;"})))
        else:
            flows.append('    <bpmn:sequenceFlow id="%s"%s sourceRef="%s" targetRef="%s" />' % (id, nm, s, t))
    assoc = ['    <bpmn:association id="%s" associationDirection="One" sourceRef="%s" targetRef="%s" />' % (i, s, t) for i, s, t, _ in ASSOC]
    di = shapes_di(SHAPES) + edges_di([(f[0], f[1], f[2]) for f in FLOWS], SHAPES, FIXED)
    for id, s, t, pts in ASSOC:
        di.append('      <bpmndi:BPMNEdge id="%s-edge" bpmnElement="%s">%s</bpmndi:BPMNEdge>' % (id, id, "".join('<di:waypoint x="%s" y="%s" />' % (fmt(px), fmt(py)) for px, py in pts)))
    process_doc = ("The whole plan in one process: first the plan preview, reviewed before anything changes, then Phase 1 (Foundation) to Phase 4 (Backup & Management) in order, each with its "
                   "own gate. A phase whose latest run was approved and whose systems are live is adopted, not redone. A phase "
                   "that fails for good or is rejected rolls itself back; the operator then retries it, stops there, or rolls "
                   "back to after an earlier phase: the phases this run made after that one are undone newest first "
                   "(rollback-phase-N, each the phase's own rollback), so what depends on a phase goes before it. "
                   "In: rolloutRun (default: the business key) and releaseReadyTimeout, checked before anything starts "
                   "(docs/rollout.md).")
    out = head_of("homelab-rollout")
    out.append('  <bpmn:process id="homelab-rollout" name="Homelab rollout: Phases 1 to 4" isExecutable="true" camunda:historyTimeToLive="P180D">')
    out.append("    " + doc(process_doc))
    out += nodes + flows + assoc
    out.append("  </bpmn:process>")
    out.append('  <bpmn:error id="plan-rejected-error" name="Plan rejected" errorCode="PLAN_REJECTED" />')
    out += plane("homelab-rollout", di)
    open("processes/homelab-rollout.bpmn", "w").write("\n".join(out) + "\n")


def template(r):
    """rollback-phase-N's element template: Modeler offers it for a call activity of one's own (e.g. a compensation
    handler on a call of phase-N in another model), every input it reads bound to the variable of that name, as the
    phase's call activity hands it back."""
    hidden = lambda value, binding: {"type": "Hidden", "value": value, "binding": binding}
    props = [hidden(r.key, {"type": "property", "name": "calledElement"}),
             hidden("#{execution.processBusinessKey}", {"type": "camunda:in:businessKey"}),
             hidden("rolloutRun", {"type": "camunda:in", "target": "rolloutRun"})]
    props += [hidden(v, {"type": "camunda:in", "target": v}) for v in r.needs]
    t = [{
        "$schema": "https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json",
        "name": "Rollout: roll back Phase %d" % r.n,
        "id": "org.homelab.rollout.phases.%s" % r.key,
        "version": 1,
        "description": ("Calls %s: undoes what a completed run of %s made, in the order of that phase's own rollback, "
                        "reading the variables the phase's call activity handed back (map them out of the call: %s). "
                        "Use it as the compensation handler of that call activity; compensation does not reach into "
                        "a completed call activity.") % (r.key, PHASES[r.n], ", ".join(r.needs)),
        "appliesTo": ["bpmn:CallActivity"],
        "properties": props,
    }]
    with open("processes/.camunda/element-templates/rollout-%s.json" % r.key, "w") as f:
        json.dump(t, f, indent=2, ensure_ascii=False)
        f.write("\n")


build()
for n, r in ROLLBACKS.items():
    template(r)
    print(r.key, "needs", r.needs)
