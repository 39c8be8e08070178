#!/bin/sh
# Starts a homelab-rollout run over the engine's REST API as the CI user and follows it until it waits at its gate
# (a user task approve-phase-N, its own or that of the phase the whole rollout runs now) or at its plan review (the
# whole rollout's, or that of a phase started on its own), for the GitLab CI job in rollout.gitlab-ci.yml (docs/ci-and-modeler.md).
# Prints the run's Cockpit link as soon as it exists. Exit status:
#   0  the run waits at its gate or its plan review, whose plan has only ROLLOUT_PLAN_ALLOWS (an operator decides
#      in Tasklist), or it ended done
#   1  the plan has more than ROLLOUT_PLAN_ALLOWS, the run ended rolled back (or was cancelled), a phase of the
#      whole rollout rolled back, an incident appeared, or ROLLOUT_TIMEOUT passed
#   2  the start was refused (e.g. 400 for bad variables, 401, 403) or the engine could not be reached
# POSIX sh, curl, sed and grep only: it runs in the curlimages/curl image (BusyBox), as the homelab's build pods
# run it, as an unprivileged user that cannot install jq.
#
# Environment:
#   ROLLOUT_URL            the engine, e.g. http://rollout.homelab.lan:8080 (required)
#   ROLLOUT_CI_PASSWORD    the CI user's password (required: a masked, protected CI/CD variable; never printed,
#                          never on a command line: curl reads it from a 0600 file)
#   ROLLOUT_CI_USER        default ci
#   ROLLOUT_PROCESS_KEY    what to start, default phase-1-foundation (a phase-… or the whole rollout)
#   ROLLOUT_RUN            the run's name (its business key), default ci-$CI_PIPELINE_ID
#   ROLLOUT_VARIABLES      start variables as Camunda's REST API takes them, default {}, e.g.
#                          {"releaseReadyTimeout": {"value": "PT30M", "type": "String"}}
#   ROLLOUT_GATE_PATTERN   the gates' activity ids (a grep basic regular expression), default approve-phase-[0-9]*
#   ROLLOUT_PLAN_ALLOWS    the plan actions that pass, comma-separated, default create,adopt
#                          (a plan with "adopt with changes" or "blocked" fails the job while it waits for its review)
#   ROLLOUT_PLAN_REVIEW    end (default): the job ends at the plan review once its plan passes; wait: it waits on
#                          while an operator reviews it, following the run to its gate
#   ROLLOUT_CA_FILE        PEM of the CA behind an https ROLLOUT_URL; default: the system's trust store
#   ROLLOUT_TIMEOUT        seconds to wait for the gate, default 3600
#   ROLLOUT_POLL_INTERVAL  seconds between looks, default 10
set -eu

: "${ROLLOUT_URL:?the engine's URL, e.g. http://rollout.homelab.lan:8080}"
: "${ROLLOUT_CI_PASSWORD:?the CI user's password (a masked CI/CD variable)}"
user=${ROLLOUT_CI_USER:-ci}
key=${ROLLOUT_PROCESS_KEY:-phase-1-foundation}
run=${ROLLOUT_RUN:-ci-${CI_PIPELINE_ID:-$(date +%s)}}
variables=${ROLLOUT_VARIABLES:-'{}'}
gates=${ROLLOUT_GATE_PATTERN:-approve-phase-[0-9]*}
allowed=${ROLLOUT_PLAN_ALLOWS:-create,adopt}
review=${ROLLOUT_PLAN_REVIEW:-end}
case $review in end | wait) ;; *) echo "ROLLOUT_PLAN_REVIEW '$review' must be end or wait" >&2; exit 2 ;; esac
# the plan-preview instance whose plan was judged already (ROLLOUT_PLAN_REVIEW=wait looks again while it waits)
judged=
timeout=${ROLLOUT_TIMEOUT:-3600}
interval=${ROLLOUT_POLL_INTERVAL:-10}
base=${ROLLOUT_URL%/}

# refused here rather than pasted into JSON or a URL; the engine checks the rest (400 naming the field)
case $run in *[!A-Za-z0-9._-]* | '') echo "ROLLOUT_RUN '$run' must be letters, digits, '.', '_' or '-'" >&2; exit 2 ;; esac
case $key in *[!A-Za-z0-9._-]* | '') echo "ROLLOUT_PROCESS_KEY '$key' is no process key" >&2; exit 2 ;; esac

umask 077
auth=$(mktemp)
trap 'rm -f "$auth"' EXIT
trap 'exit 1' INT TERM
# curl's config syntax: inside double quotes a backslash escapes
printf 'user = "%s"\n' "$(printf '%s:%s' "$user" "$ROLLOUT_CI_PASSWORD" | sed 's/\\/\\\\/g; s/"/\\"/g')" >"$auth"

# api METHOD PATH [JSON]: sets $status and $body
api() {
	method=$1 path=$2 json=${3-}
	set --
	if [ -n "${ROLLOUT_CA_FILE:-}" ]; then set -- --cacert "$ROLLOUT_CA_FILE"; fi
	if [ -n "$json" ]; then set -- "$@" -H 'Content-Type: application/json' --data-binary "$json"; fi
	if ! out=$(curl -sS -K "$auth" --connect-timeout 10 --max-time 60 -X "$method" -H 'Accept: application/json' \
		-w '\n%{http_code}' "$@" "$base/engine-rest$path"); then
		echo "cannot reach the engine at $base" >&2
		exit 2
	fi
	status=$(printf '%s\n' "$out" | tail -n 1)
	body=$(printf '%s\n' "$out" | sed '$d')
}

# field NAME: the first string value of NAME in $body (the engine's JSON is one line)
field() {
	printf '%s\n' "$body" | grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | sed "s/^\"$1\":\"//; s/\"\$//"
}

api POST "/process-definition/key/$key/start" "{\"businessKey\": \"$run\", \"variables\": $variables}"
if [ "$status" != 200 ]; then
	echo "$key not started for run $run: HTTP $status $body" >&2
	exit 2
fi
instance=$(field id)
echo "Started $key, run $run: $base/camunda/app/cockpit/default/#/process-instance/$instance"

waited=0
while :; do
	# the whole rollout runs each phase as a called instance, whose gate is there: the run and what it calls now
	api GET "/history/process-instance?superProcessInstanceId=$instance&unfinished=true"
	[ "$status" = 200 ] || { echo "reading the phases the run calls: HTTP $status $body" >&2; exit 1; }
	called=$(printf '%s\n' "$body" | grep -o '"id":"[^"]*"' | sed 's/^"id":"//; s/"$//')
	for id in $instance $called; do
		# the gate as an activity of the run, not as a task: ci may not read tasks (a task's form rules are the
		# operators' business)
		api GET "/history/activity-instance?processInstanceId=$id&activityType=userTask&unfinished=true"
		[ "$status" = 200 ] || { echo "reading the run's open user tasks: HTTP $status $body" >&2; exit 1; }
		gate=$(printf '%s\n' "$body" | grep -o "\"activityId\":\"$gates\"" | head -n 1 | sed 's/^"activityId":"//; s/"$//')
		if [ -n "$gate" ]; then
			echo "Run $run waits at its gate $gate: an operator decides in Tasklist"
			exit 0
		fi
		# the run's plan, waiting for its review before any change: fail on what this job does not allow
		if [ "$judged" != "$id" ] && printf '%s\n' "$body" | grep -q '"activityId":"review-plan"'; then
			api GET "/process-instance/$id/variables/plan/data"
			if [ "$status" != 200 ]; then
				said="$status $body"
				# reviewed between the two looks? then the preview has ended: a person judged the plan
				api GET "/history/process-instance/$id"
				if [ "$status" = 200 ] && [ "$(field state)" != ACTIVE ]; then
					echo "Run $run: its plan was reviewed before this job read it"
					judged=$id
					continue
				fi
				echo "reading the run's plan: HTTP $said" >&2
				exit 1
			fi
			echo "The plan of run $run:$(printf '%s\n' "$body" | grep -o '"action":"[^"]*"' | sed 's/^"action":"//; s/"$//' | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
			unexpected=$(printf '%s\n' "$body" | grep -o '"action":"[^"]*"' | sed 's/^"action":"//; s/"$//' | sort -u |
				while read -r action; do case ",$allowed," in *",$action,"*) ;; *) printf '%s; ' "$action" ;; esac; done)
			if [ -n "$unexpected" ]; then
				echo "The plan has what ROLLOUT_PLAN_ALLOWS ($allowed) does not: ${unexpected%; }. The entries:" >&2
				entries=$(printf '%s\n' "$body" | grep -o '{[^{}]*"action":"[^"]*"[^{}]*}')
				printf '%s\n' "$entries" | while read -r entry; do
					action=$(printf '%s\n' "$entry" | grep -o '"action":"[^"]*"' | sed 's/^"action":"//; s/"$//')
					case ",$allowed," in *",$action,"*) ;; *) printf '  %s\n' "$entry" ;; esac
				done >&2
				echo "An operator rejects it in Tasklist (nothing was changed), or approves it after a look." >&2
				exit 1
			fi
			if [ "$review" = wait ]; then
				echo "Run $run waits for its plan review (only ${allowed}): the job waits while an operator reviews it in Tasklist"
				judged=$id
				continue
			fi
			echo "Run $run waits for its plan review (only ${allowed}): an operator approves it in Tasklist"
			exit 0
		fi
		# a phase of the whole rollout rolled itself back: the operator chooses how far back the rollout goes
		stopped=$(printf '%s\n' "$body" | grep -o '"activityId":"choose-after-phase-[0-9]"' | head -n 1 | sed 's/^"activityId":"//; s/"$//')
		if [ -n "$stopped" ]; then
			echo "Run $run: Phase ${stopped#choose-after-phase-} rolled back; an operator chooses how far back in Tasklist" >&2
			exit 1
		fi
	done
	api GET "/incident?processInstanceId=$instance"
	[ "$status" = 200 ] || { echo "reading the run's incidents: HTTP $status $body" >&2; exit 1; }
	if [ "$body" != "[]" ]; then
		message=$(field incidentMessage)
		# an incident in a called process shows on the calling activity without a message; ci may not read the
		# building block's own incident, Cockpit shows it
		if [ -n "$message" ]; then message=": $message"; else message=" (in the process it calls; Cockpit shows the cause)"; fi
		echo "Run $run has an incident at $(field activityId)$message" >&2
		echo "Resolve it in Cockpit (link above); the job fails meanwhile." >&2
		exit 1
	fi
	api GET "/history/process-instance/$instance"
	[ "$status" = 200 ] || { echo "reading the run's state: HTTP $status $body" >&2; exit 1; }
	state=$(field state)
	case $state in
	ACTIVE | SUSPENDED) ;;
	COMPLETED)
		# the end events it reached (a rollback ends in an event subprocess, so the instance names no end activity)
		api GET "/history/activity-instance?processInstanceId=$instance&activityType=noneEndEvent&finished=true"
		[ "$status" = 200 ] || { echo "reading how the run ended: HTTP $status $body" >&2; exit 1; }
		ended=$(printf '%s\n' "$body" | grep -o '"activityId":"[^"]*"' | sed 's/^"activityId":"//; s/"$//' | tr '\n' ' ')
		ended=${ended% }
		case " $ended " in
		*rolled-back\ * | *rejected\ *)
			echo "Run $run ended rolled back ($ended)" >&2
			exit 1
			;;
		esac
		echo "Run $run ended done ($ended)"
		exit 0
		;;
	*)
		echo "Run $run ended $state" >&2
		exit 1
		;;
	esac
	if [ "$waited" -ge "$timeout" ]; then
		echo "Run $run reached no gate within ${timeout}s; it goes on in the engine" >&2
		exit 1
	fi
	sleep "$interval"
	waited=$((waited + interval))
done
