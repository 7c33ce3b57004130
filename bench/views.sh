#!/usr/bin/env bash
# Read-side benchmark of the Huanxin Ledger on PostgreSQL.
#
# Starts a throw-away PostgreSQL (the load generator's embedded server, as bench/ingest.sh does) and
# the ledger with the postgres profile and three clients: bench (SOURCE, every type, backfill),
# bench-admin (ADMIN) and bench-auditor (AUDITOR), all with the password bench-secret. Then:
#   1. posts EVENTS generated events (default 100000) with the load generator and polls
#      GET /api/v1/admin/projections every POLL_INTERVAL seconds until every view has lag 0 and is
#      caught up: "ingest with every view current";
#   2. lists the alerts (as bench-auditor) per ruleId: the generated data is meant to be a clean
#      background, so every alert is a candidate false positive for a human to look at;
#   3. rebuilds each view alone (POST /api/v1/admin/projections/{name}/rebuild) and times it until the
#      view is caught up again (lag 0, caughtUp true), then all views at once; a status that still says
#      replaying=true at the head is reported as a finding (see wait_current);
#   4. after every rebuild compares what the rebuilt views answer (balances and trial balance, alerts,
#      targets) with what they answered after the ingest: a rebuild must give the same numbers.
#   6. stops the ledger and measures the raw ceiling on the same PostgreSQL: plain JDBC inserting as
#      many event-shaped rows (a copy of the event table with its indexes, the ledger's own payloads)
#      in batches of BATCH_SIZE on CONCURRENCY connections; the ledger's ingest is reported as a
#      share of it. The ledger's heap is sampled every second (jstat) and its peak reported.
#   5. verifies the whole store (POST /api/v1/ledger/verify, as bench-auditor) VERIFY_RUNS times and
#      reports the median events/s; the store is untouched, so every run must answer valid=true;
#      then runs one investigation over all of history with the live parameters (as bench-discipline),
#      times it from the POST until it is COMPLETED, and checks that it found exactly the live alerts;
# For the ingest, each verification, the investigation and each rebuild it also reports where the CPU went:
# the seconds of CPU the ledger's JVM and PostgreSQL used and how many of the machine's cores were busy
# (every process: the load generator's, and anyone else's on a shared machine), from /proc. The ingest's
# span starts with the load generator (its JVM's start and the generation of events included) and ends
# when every view is current; each other phase's when the script has seen it end (a poll later).
# Prints a summary table and machine-parsable VIEWS / REBUILD / QUIET / CPU / ALERTS / CHECK / FINDING /
# PROBLEM lines on stdout; exits 1 after a PROBLEM (an endpoint failed, a view never caught up, a rebuild
# answered differently).
# Everything runs on 127.0.0.1; every process the script starts is stopped on exit, also on failure,
# Ctrl-C or when TOTAL_TIMEOUT has passed.
#
# usage: bench/views.sh
# environment (all optional):
#   EVENTS=100000 BATCH_SIZE=1000 CONCURRENCY=2 SEED=42   passed to the load generator
#   LEDGER_PORT=18090 PG_PORT=54339                        ports on 127.0.0.1
#   PG_DURABLE=true     false keeps embedded PostgreSQL's fast defaults (fsync, synchronous_commit off)
#   PG_SETTINGS=""      further PostgreSQL server settings, name=value separated by spaces (e.g.
#                       "shared_preload_libraries=pg_stat_statements" to read the statements' totals after)
#   LEDGER_JAVA_OPTS="-Xmx1g -XX:+UseParallelGC"  JVM options for the ledger: a 1 GiB heap (the
#                       targets are met with it) and the collector production runs (docs/operations.md)
#   STARTUP_TIMEOUT=180 seconds to wait for the ledger or PostgreSQL to come up
#   VIEW_TIMEOUT=900    seconds to wait for the views to be current (after the ingest, after a rebuild)
#   TOTAL_TIMEOUT       seconds for the whole script, then everything is stopped (default 1800 plus
#                       one second per 500 events: 3800 s for EVENTS=1000000)
#   POLL_INTERVAL=0.5   seconds between two polls of the projection status
#   TARGET_YEAR=2024    the year of /api/v1/targets compared before and after the supervision rebuild
#   KEEP_WORK=1         keep the work directory (logs, answers) even when everything succeeded
#   VERIFY_RUNS=3       how many times POST /api/v1/ledger/verify re-hashes the whole store (median reported)
#   REBUILDS=1          0 skips the rebuilds of step 3
#   REBUILD_VIEWS       the views to rebuild alone, comma-separated (default: every view)
#   REBUILD_ALL=1       0 skips the rebuild of every view at once
#   INVESTIGATION=1     0 skips the investigation of step 5
#   RAW=1               0 skips the raw ceiling of step 6
#   QUIET_TIMEOUT=300   seconds to wait, before each verification, the investigation and each rebuild,
#                       until PostgreSQL runs no autovacuum worker (what the ingest or the phase before
#                       left it to vacuum and analyze); the wait is reported (QUIET lines); 0 skips it
#   PSEUDONYM_KEY       64 hex characters (default: random)
#   BENCH_PASSWORD_HASH bcrypt hash of "bench-secret" (default: computed, or a verified constant)
# needs: java, curl, jq, openssl, sha256sum; setpriv when run as root (PostgreSQL then runs as nobody)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

EVENTS=${EVENTS:-100000}
BATCH_SIZE=${BATCH_SIZE:-1000}
CONCURRENCY=${CONCURRENCY:-2}
SEED=${SEED:-42}
LEDGER_PORT=${LEDGER_PORT:-18090}
PG_PORT=${PG_PORT:-54339}
PG_DURABLE=${PG_DURABLE:-true}
LEDGER_JAVA_OPTS=${LEDGER_JAVA_OPTS:--Xmx1g -XX:+UseParallelGC}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-180}
VIEW_TIMEOUT=${VIEW_TIMEOUT:-900}
TOTAL_TIMEOUT=${TOTAL_TIMEOUT:-$((1800 + ${EVENTS:-100000} / 500))}
POLL_INTERVAL=${POLL_INTERVAL:-0.5}
TARGET_YEAR=${TARGET_YEAR:-2024}
KEEP_WORK=${KEEP_WORK:-0}
VERIFY_RUNS=${VERIFY_RUNS:-3}
REBUILDS=${REBUILDS:-1}
REBUILD_VIEWS=${REBUILD_VIEWS:-}
REBUILD_ALL=${REBUILD_ALL:-1}
INVESTIGATION=${INVESTIGATION:-1}
RAW=${RAW:-1}
QUIET_TIMEOUT=${QUIET_TIMEOUT:-300}

API_JAR=$ROOT/ledger-api/target/ledger-api.jar
LG_JAR=$ROOT/load-generator/target/load-generator.jar
LEDGER_URL="http://127.0.0.1:${LEDGER_PORT}"
BENCH_USER=bench
ADMIN_USER=bench-admin
AUDITOR_USER=bench-auditor
DISCIPLINE_USER=bench-discipline
BENCH_PASSWORD=bench-secret
# bcrypt (cost 10) of "bench-secret", checked with Spring Security's BCrypt and DelegatingPasswordEncoder
VERIFIED_BENCH_HASH='$2b$10$Vy5C1dLT.Fp5PtEXqvYpcuCkgwFg5M/9ira6GWgHfLrMa1TBNTSIa'
STAMP=$(date +%Y%m%dT%H%M%S)

WORK=""
LEDGER_PID=""
LOADGEN_PID=""
PG_PID=""
PG_TMP=""
WATCHDOG_PID=""
FAILED=0
PROBLEMS=()

log() { printf '[views] %s\n' "$*" >&2; }
die() { log "error: $*"; FAILED=1; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
# problem TEXT: something the ledger did wrong; the run goes on, is reported and exits non-zero
problem() { log "PROBLEM: $*"; PROBLEMS+=("$*"); FAILED=1; }

# elapsed FROM [TO]: seconds between two now() stamps, 2 decimals
elapsed() { LC_ALL=C awk -v a="$1" -v b="${2:-$(now)}" 'BEGIN { printf "%.2f", b - a }'; }
# rate COUNT SECONDS: COUNT/SECONDS rounded, "-" when SECONDS is 0 or missing
rate() { LC_ALL=C awk -v n="$1" -v s="$2" 'BEGIN { if (s + 0 > 0) printf "%d", n / s + 0.5; else printf "-" }'; }

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# the whole run is bounded: after TOTAL_TIMEOUT seconds the watchdog sends this script SIGTERM,
# whose trap stops every process the script started
start_watchdog() {
    local main=$$
    (
        sleeper=""
        trap 'kill -TERM "${sleeper:-}" 2>/dev/null; exit 0' TERM
        sleep "$TOTAL_TIMEOUT" &
        sleeper=$!
        wait "$sleeper" || exit 0
        printf '[views] error: the total timeout of %ss has passed; stopping\n' "$TOTAL_TIMEOUT" >&2
        kill -TERM "$main" 2>/dev/null || true
    ) &
    WATCHDOG_PID=$!
}

ledger_alive() {
    kill -0 "$LEDGER_PID" 2>/dev/null || die "the ledger exited during the run (log: $WORK/pg-ledger.log)"
}

# ------------------------------------------------------------------------------------------ HTTP

# api METHOD PATH USER OUT [curl args...]: the body goes to OUT; prints the HTTP status (000 when
# the request failed); never fails the script by itself
api() {
    local method=$1 path=$2 user=$3 out=$4
    shift 4
    curl -sS --max-time 30 -X "$method" -u "$user:$BENCH_PASSWORD" -H 'Accept: application/json' \
        -o "$out" -w '%{http_code}' "$@" "$LEDGER_URL$path" 2>>"$WORK/curl.err" || printf '000'
}

STATUS_FILE=""
STATUS_FAILURES=0
# fetch_status: GET /api/v1/admin/projections into STATUS_FILE; false (with a log line) on an error
fetch_status() {
    local code
    code=$(api GET /api/v1/admin/projections "$ADMIN_USER" "$STATUS_FILE.tmp")
    if [[ $code == 200 ]] && jq -e '.items | type == "array"' "$STATUS_FILE.tmp" >/dev/null 2>&1; then
        mv "$STATUS_FILE.tmp" "$STATUS_FILE"
        STATUS_FAILURES=0
        return 0
    fi
    STATUS_FAILURES=$((STATUS_FAILURES + 1))
    log "GET /api/v1/admin/projections answered $code: $(head -c 300 "$STATUS_FILE.tmp" 2>/dev/null || true)"
    if ((STATUS_FAILURES == 1)); then
        problem "GET /api/v1/admin/projections answered $code"
    fi
    ((STATUS_FAILURES < 60)) || die "the projection status failed 60 times in a row"
    return 1
}

status_line() { # one line per view of the last status
    jq -r '.items[] | "  \(.name): position=\(.position) head=\(.head) lag=\(.lag) replaying=\(.replaying) caughtUp=\(.caughtUp) running=\(.running) error=\(.error)"' \
        "$STATUS_FILE"
}

# view_states: "name lag caughtUp replaying" for every view of the last status
view_states() {
    jq -r '.items[] | "\(.name) \(.lag) \(.caughtUp) \(.replaying)"' "$STATUS_FILE"
}

# wait_current WHAT MODE [NAMES...]: polls until the given views (default: every view) are current;
# sets DONE_AT (now() of the poll that saw it), DONE_AT_VIEW[name] (the poll that first saw that view
# current), REPLAY_FLAG_AT_DONE[name] and POLLS; logs the status every 5 s and every error state.
#   MODE ingest:  current = lag 0, caughtUp true, replaying false.
#   MODE rebuild: current = lag 0 and caughtUp true. The rebuild POST resets the view's token before
#                 it answers, so every poll after it sees the rebuilt view; replaying is recorded.
wait_current() {
    local what=$1 mode=$2 deadline=$((SECONDS + VIEW_TIMEOUT)) last_log=$SECONDS t errors polls=0
    local n lag caught replaying all
    shift 2
    local names=("$@")
    local -A wanted=() behind=()
    for n in "${names[@]}"; do wanted[$n]=1; done
    DONE_AT_VIEW=()
    REPLAY_FLAG_AT_DONE=()
    while true; do
        if fetch_status; then
            polls=$((polls + 1))
            t=$(now)
            all=1
            local listed=0
            while read -r n lag caught replaying; do
                ((${#names[@]} == 0)) || [[ -n ${wanted[$n]:-} ]] || continue
                listed=$((listed + 1))
                [[ -z ${DONE_AT_VIEW[$n]:-} ]] || continue
                local ok=0
                if [[ $lag == 0 && $caught == true ]]; then
                    if [[ $mode == ingest ]]; then
                        [[ $replaying == false ]] && ok=1
                    else
                        # The rebuild POST resets the token before it answers, so any poll after it
                        # that finds the view at the head means the replay is done, however fast.
                        ok=1
                    fi
                else
                    behind[$n]=1
                fi
                if ((ok)); then
                    DONE_AT_VIEW[$n]=$t
                    REPLAY_FLAG_AT_DONE[$n]=$replaying
                else
                    all=0
                fi
            done < <(view_states)
            if ((listed == 0 || (${#names[@]} > 0 && listed < ${#names[@]}))); then
                all=0
            fi
            errors=$(jq -r '[.items[] | select(.error == true or .running == false) | .name] | join(",")' "$STATUS_FILE")
            if [[ -n $errors ]]; then
                log "$what: in error state or not running: $errors"
                status_line >&2
                [[ $ERROR_SEEN == *"[$what/$errors]"* ]] || {
                    ERROR_SEEN+="[$what/$errors]"
                    problem "$what: projection(s) $errors reported error=true or running=false: $(jq -c '[.items[] | select(.error == true or .running == false)]' "$STATUS_FILE")"
                }
            fi
            if ((all)); then
                DONE_AT=$t
                POLLS=$polls
                return 0
            fi
            if ((SECONDS - last_log >= 5)); then
                log "$what: waiting"
                status_line >&2
                last_log=$SECONDS
            fi
        fi
        ledger_alive
        if ((SECONDS >= deadline)); then
            status_line >&2 || true
            problem "$what: not current within ${VIEW_TIMEOUT}s; last status $(jq -c . "$STATUS_FILE" 2>/dev/null)"
            return 1
        fi
        sleep "$POLL_INTERVAL"
    done
}

FINDINGS=()
# where each phase's CPU went (cpu_phase lines: the ledger's JVM, PostgreSQL, the whole machine)
CPU_LINES=()
# finding TEXT: something odd about the ledger that does not void the numbers; reported, exit 0
finding() {
    local f
    for f in "${FINDINGS[@]}"; do [[ $f != "$*" ]] || return 0; done
    log "FINDING: $*"
    FINDINGS+=("$*")
}

# note_replay_flag WHAT: a finding for every view that was done while its status still said replaying
note_replay_flag() {
    local n
    for n in "${!REPLAY_FLAG_AT_DONE[@]}"; do
        if [[ ${REPLAY_FLAG_AT_DONE[$n]} == true ]]; then
            finding "after a rebuild the status of $n stays replaying=true although position=head, lag=0, caughtUp=true (Axon's ReplayToken ends only with the first event after the reset point; on a quiet store that never comes)"
        fi
    done
}
ERROR_SEEN=""
DONE_AT=""
POLLS=0
declare -A DONE_AT_VIEW=() REPLAY_FLAG_AT_DONE=()

# fetch_pages USER PATH OUT [query args...]: every page (limit 1000, following nextCursor) of a list,
# one canonical JSON row a line, into OUT; false after an error (logged as a problem)
fetch_pages() {
    local user=$1 path=$2 out=$3 cursor="" code page=0 body="$WORK/page.json"
    shift 3
    : >"$out"
    while true; do
        local args=(-G --data-urlencode "limit=1000" "$@")
        [[ -z $cursor ]] || args+=(--data-urlencode "cursor=$cursor")
        code=$(api GET "$path" "$user" "$body" "${args[@]}")
        if [[ $code != 200 ]]; then
            problem "GET $path (page $((page + 1))) as $user answered $code: $(head -c 300 "$body")"
            return 1
        fi
        jq -c -S '.items[]' "$body" >>"$out"
        cursor=$(jq -r '.nextCursor // empty' "$body")
        page=$((page + 1))
        [[ -n $cursor ]] || return 0
        ((page < 10000)) || {
            problem "GET $path: more than 10000 pages, stopped"
            return 1
        }
    done
}

# snapshot VIEW TAG: what the view answers, into $WORK/snap/TAG-VIEW.*; sets SNAP_FP to a fingerprint
# (sha256 of those answers, "-" when the view has no known query or a query failed). Not to be run
# in a subshell: the problems it finds are recorded in this shell.
SNAP_FP=-
snapshot() {
    local view=$1 tag=$2 base="$WORK/snap/$2-$1" code
    SNAP_FP=-
    mkdir -p "$WORK/snap"
    case $view in
        balance)
            fetch_pages "$AUDITOR_USER" /api/v1/balances "$base.rows" || return 0
            code=$(api GET /api/v1/balances/trial "$AUDITOR_USER" "$base.trial")
            if [[ $code != 200 ]]; then
                problem "GET /api/v1/balances/trial answered $code: $(head -c 300 "$base.trial")"
                return 0
            fi
            jq -c -S . "$base.trial" >"$base.trial.c" && mv "$base.trial.c" "$base.trial"
            ;;
        fraud)
            fetch_pages "$AUDITOR_USER" /api/v1/alerts "$base.rows" || return 0
            ;;
        supervision)
            fetch_pages "$AUDITOR_USER" /api/v1/targets "$base.rows" --data-urlencode "year=$TARGET_YEAR" \
                || return 0
            ;;
        *)
            return 0
            ;;
    esac
    SNAP_FP=$(cat "$base".* | sha256sum | cut -c 1-16)
}

# row_key VIEW: the jq expression that identifies a row of the view's snapshot
row_key() {
    case $1 in
        balance) printf '%s' '"\(.fundId)|\(.regionCode)"' ;;
        fraud) printf '%s' '.alertId' ;;
        supervision) printf '%s' '.taskNo' ;;
        *) printf '%s' 'tostring' ;;
    esac
}

# explain_diff VIEW TAG_A TAG_B: what differs between two snapshots, one line
explain_diff() {
    local view=$1 a="$WORK/snap/$2-$1" b="$WORK/snap/$3-$1" key
    key=$(row_key "$view")
    jq -n -c --slurpfile a "$a.rows" --slurpfile b "$b.rows" "
        def index: map({key: ($key | tostring), value: .}) | from_entries;
        (\$a | index) as \$A | (\$b | index) as \$B |
        {rows_before: (\$a | length), rows_after: (\$b | length),
         only_before: [\$A | keys[] | select(\$B[.] == null)] | length,
         only_after: [\$B | keys[] | select(\$A[.] == null)] | length,
         changed_fields: ([\$A | keys[] as \$k | select(\$B[\$k] != null) | \$A[\$k] as \$x | \$B[\$k] as \$y
                           | ((\$x | keys) + (\$y | keys) | unique)[] | select(\$x[.] != \$y[.])]
                          | group_by(.) | map({(.[0]): length}) | add // {}),
         changed: [\$A | keys[] as \$k | select(\$B[\$k] != null and \$A[\$k] != \$B[\$k])
                   | \$A[\$k] as \$x | \$B[\$k] as \$y
                   | {key: \$k} + ([(\$x | keys[]) | select(\$x[.] != \$y[.])
                                     | {(.): \"\\(\$x[.] | tostring) -> \\(\$y[.] | tostring)\"}] | add)
                   + (if \$x.ruleId then {ruleId: \$x.ruleId} else {} end)][0:10]}"
    if [[ -f $a.trial && -f $b.trial ]] && ! cmp -s "$a.trial" "$b.trial"; then
        printf 'trial balance before %s after %s\n' "$(cat "$a.trial")" "$(cat "$b.trial")"
    fi
}

declare -A BASE_FP=()
CHECKS=()
# check_view VIEW TAG: snapshot VIEW again and compare with its snapshot after the ingest
check_view() {
    local view=$1 tag=$2 fp same
    snapshot "$view" "$tag"
    fp=$SNAP_FP
    if [[ ${BASE_FP[$view]:--} == - || $fp == - ]]; then
        same=unknown
    elif [[ $fp == "${BASE_FP[$view]}" ]]; then
        same=yes
    else
        same=no
        problem "after $tag the $view view answers differently than after the ingest: $(explain_diff "$view" ingest "$tag" | head -c 2000)"
    fi
    CHECKS+=("CHECK view=$view after=$tag same=$same fingerprint_ingest=${BASE_FP[$view]:--} fingerprint_now=$fp")
    log "check $view after $tag: same=$same"
    LAST_SAME=$same
}

# rebuild NAME: POST …/rebuild as ADMIN; false (problem logged) unless 202
rebuild() {
    local name=$1 code body="$WORK/rebuild-$1.json"
    code=$(api POST "/api/v1/admin/projections/$name/rebuild" "$ADMIN_USER" "$body")
    if [[ $code != 202 ]]; then
        problem "POST /api/v1/admin/projections/$name/rebuild answered $code: $(head -c 300 "$body")"
        return 1
    fi
    log "rebuild of $name accepted: $(cat "$body")"
}

# quiet BEFORE: wait until PostgreSQL runs none of its own maintenance (autovacuum), at most
# QUIET_TIMEOUT s, so that the phase BEFORE is measured alone; the wait becomes a QUIET line
QUIET_LINES=()
quiet() {
    local before=$1 line
    [[ $QUIET_TIMEOUT != 0 ]] || return 0
    if line=$(java -Dloader.main=cn.huanxin.ledger.loadgen.PostgresQuiet -cp "$LG_JAR" \
        org.springframework.boot.loader.launch.PropertiesLauncher \
        --jdbc-url "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" --user postgres --password postgres \
        --timeout-s "$QUIET_TIMEOUT" 2>"$WORK/quiet.err" | grep '^QUIET ' | tail -n 1) && [[ -n $line ]]; then
        QUIET_LINES+=("QUIET before=$before ${line#QUIET }")
        log "PostgreSQL's own maintenance before $before: ${line#QUIET }"
    else
        log "note: could not ask PostgreSQL whether autovacuum runs before $before: $(tail -c 300 "$WORK/quiet.err")"
    fi
}

# ---------------------------------------------------------------------------------------------- main

command -v java >/dev/null 2>&1 || die "java is not on the PATH"
command -v curl >/dev/null 2>&1 || die "curl is not on the PATH"
command -v jq >/dev/null 2>&1 || die "jq is not on the PATH (it reads the ledger's JSON answers)"
command -v sha256sum >/dev/null 2>&1 || die "sha256sum is not on the PATH"
[[ $EVENTS =~ ^[1-9][0-9]*$ ]] || die "EVENTS must be a positive integer"
[[ $TOTAL_TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "TOTAL_TIMEOUT must be a positive integer (seconds)"
[[ $VIEW_TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "VIEW_TIMEOUT must be a positive integer (seconds)"
[[ $POLL_INTERVAL =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "POLL_INTERVAL must be a number of seconds"
[[ $QUIET_TIMEOUT =~ ^[0-9]+$ ]] || die "QUIET_TIMEOUT must be a whole number of seconds (0 skips the wait)"
# refuse to start next to something else: both ports must be free before anything is started
port_in_use "$LEDGER_PORT" && die "port $LEDGER_PORT is already in use; stop whatever listens there or set LEDGER_PORT"
port_in_use "$PG_PORT" && die "port $PG_PORT is already in use; stop whatever listens there or set PG_PORT"

start_watchdog

if [[ ! -f $API_JAR || ! -f $LG_JAR ]]; then
    log "building (jars missing)"
    ./mvnw -q -B -DskipTests install
fi
[[ -f $API_JAR ]] || die "$API_JAR was not built"
[[ -f $LG_JAR ]] || die "$LG_JAR was not built"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/huanxin-views.XXXXXX")
STATUS_FILE="$WORK/status.json"
log "work directory $WORK"

# (a) PostgreSQL and the ledger ---------------------------------------------------------------------
start_embedded_postgres

PSEUDONYM_KEY=${PSEUDONYM_KEY:-$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')}
[[ $PSEUDONYM_KEY =~ ^[0-9a-fA-F]{64}$ ]] || die "PSEUDONYM_KEY must be 64 hex characters"
BENCH_HASH=$(bench_password_hash)
SEAL_KEY=$(new_seal_key)
[[ -s $SEAL_KEY ]] || die "no seal key file for the ledger (openssl failed)"
start_ledger pg \
    --spring.profiles.active=postgres \
    "--spring.datasource.url=jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" \
    --spring.datasource.username=postgres \
    --spring.datasource.password=postgres \
    "--ledger.pseudonym.key=$PSEUDONYM_KEY" \
    "--ledger.security.clients[0].name=$BENCH_USER" \
    "--ledger.security.clients[0].password-hash={bcrypt}$BENCH_HASH" \
    "--ledger.security.clients[0].role=SOURCE" \
    "--ledger.security.clients[0].event-types=*" \
    "--ledger.security.clients[0].backfill=true" \
    "--ledger.security.clients[1].name=$ADMIN_USER" \
    "--ledger.security.clients[1].password-hash={bcrypt}$BENCH_HASH" \
    "--ledger.security.clients[1].role=ADMIN" \
    "--ledger.security.clients[2].name=$AUDITOR_USER" \
    "--ledger.security.clients[2].password-hash={bcrypt}$BENCH_HASH" \
    "--ledger.security.clients[2].role=AUDITOR" \
    "--ledger.security.clients[3].name=$DISCIPLINE_USER" \
    "--ledger.security.clients[3].password-hash={bcrypt}$BENCH_HASH" \
    "--ledger.security.clients[3].role=DISCIPLINE" \
    "--ledger.seal.key-file=$SEAL_KEY" \
    "--ledger.data-dir=$WORK/data"

# the ledger's heap, sampled every second until it exits; the peak is reported in the summary
if command -v jstat >/dev/null 2>&1; then
    jstat -gc "$LEDGER_PID" 1000 >"$WORK/jstat.log" 2>/dev/null &
else
    log "jstat is not on the PATH: the peak heap is not reported"
fi

fetch_status || die "the projection status cannot be read as $ADMIN_USER"
# the seal is a processor too, but never rebuilt (its checkpoints are signed once): it is waited for,
# verified in (d), and not in the list of views to snapshot and rebuild
mapfile -t VIEWS < <(jq -r '.items[] | select(.name != "seal") | .name' "$STATUS_FILE" | sort)
VIEWS_TO_REBUILD=("${VIEWS[@]}")
[[ -z $REBUILD_VIEWS ]] || IFS=, read -r -a VIEWS_TO_REBUILD <<< "$REBUILD_VIEWS"
((${#VIEWS[@]} > 0)) || die "the projection status lists no views: $(cat "$STATUS_FILE")"
log "views: ${VIEWS[*]}"
status_line >&2

# (b) ingest until every view is current -------------------------------------------------------------
RESULT_LINE=""
LOADGEN_END=""
LOADGEN_START=$(now)
CPU_AT=$(cpu_sample)
if run_loadgen views "$BENCH_USER" "$BENCH_PASSWORD"; then :; else
    problem "the load generator failed: $RESULT_LINE"
fi
ledger_alive
INGEST_S=$(field "$RESULT_LINE" seconds)
LOADGEN_WALL_S=$(elapsed "$LOADGEN_START" "$LOADGEN_END")
# posting began when the generator sent its first request: its exit minus its own posting time
# (the generator's JVM start and event generation are not part of the ingest)
if [[ $INGEST_S =~ ^[0-9.]+$ ]]; then
    POST_START=$(LC_ALL=C awk -v e="$LOADGEN_END" -v s="$INGEST_S" 'BEGIN { printf "%.6f", e - s }')
else
    POST_START=$LOADGEN_START
fi
fetch_status || true
log "status when the load generator finished ($(elapsed "$POST_START") s after the first request):"
status_line >&2
LAG_AT_END=$(jq -r '[.items[] | "\(.name)=\(.lag)"] | join(",")' "$STATUS_FILE")

ALL_CURRENT_S="-"
AFTER_ACK_S="-"
HEAD="-"
if wait_current "ingest" ingest; then
    ALL_CURRENT_S=$(elapsed "$POST_START" "$DONE_AT")
    AFTER_ACK_S=$(elapsed "$LOADGEN_END" "$DONE_AT")
    HEAD=$(jq -r '[.items[].head] | max' "$STATUS_FILE")
    log "every view current $ALL_CURRENT_S s after the first request (head $HEAD)"
    status_line >&2
fi
CPU_LINES+=("$(cpu_phase ingest "$CPU_AT")")
INGEST_EVENTS=$(field "$RESULT_LINE" events)
[[ $INGEST_EVENTS != - ]] || INGEST_EVENTS=$EVENTS

# (c) what the views answer after the ingest; alerts per rule -----------------------------------------
for v in "${VIEWS[@]}"; do
    snapshot "$v" ingest
    BASE_FP[$v]=$SNAP_FP
    log "snapshot of $v after the ingest: ${BASE_FP[$v]}"
done
ALERT_LINES=()
ALERT_TOTAL=""
ALERTS_FILE="$WORK/snap/ingest-fraud.rows"
if [[ -f $ALERTS_FILE && ${BASE_FP[fraud]:--} != - ]]; then
    RULES_FILE="$WORK/rules.json"
    code=$(api GET /api/v1/rules "$AUDITOR_USER" "$RULES_FILE")
    [[ $code == 200 ]] || {
        problem "GET /api/v1/rules answered $code: $(head -c 300 "$RULES_FILE")"
        echo '{"items":[]}' >"$RULES_FILE"
    }
    ALERT_TOTAL=$(wc -l <"$ALERTS_FILE")
    # ruleId, count, severity, rule name, one example summary: a human judges false positives. Every
    # rule of the catalogue is listed, with 0 when it raised nothing (then any rule id not in it);
    # empty fields are "-", since read collapses consecutive tabs.
    mapfile -t ALERT_LINES < <(jq -r -s --slurpfile rules "$RULES_FILE" '
        ($rules[0].items | map({key: .ruleId, value: .name}) | from_entries) as $names
        | ($rules[0].items | map(.ruleId)) as $ids
        | (group_by(.ruleId) | map({key: .[0].ruleId, value: .}) | from_entries) as $byRule
        | ($ids + (($byRule | keys) - $ids))[] as $rule
        | ($byRule[$rule] // []) as $alerts
        | [$rule, ($alerts | length | tostring), ($alerts | map(.severity) | unique | join("/")),
           ($names[$rule] // "?"),
           ($alerts | map(.subject.kind) | unique | join("/")),
           ($alerts[0].summaryEn // $alerts[0].summary // "" | gsub("[\t\n]"; " ") | .[0:160])]
        | map(if . == "" then "-" else . end)
        | @tsv' "$ALERTS_FILE")
fi

# (d) integrity: verify the whole store VERIFY_RUNS times; one investigation over all of history ------
VERIFY_LINES=()
VERIFY_RATES=()
for ((i = 1; i <= VERIFY_RUNS; i++)); do
    ledger_alive
    quiet "verify-$i"
    out="$WORK/verify-$i.json"
    CPU_AT=$(cpu_sample)
    code=$(api POST /api/v1/ledger/verify "$AUDITOR_USER" "$out" --max-time "$VIEW_TIMEOUT")
    if [[ $code != 200 ]]; then
        problem "POST /api/v1/ledger/verify answered $code: $(head -c 300 "$out")"
        break
    fi
    checked=$(jq -r .checked "$out")
    millis=$(jq -r .elapsedMillis "$out")
    valid=$(jq -r .valid "$out")
    [[ $valid == true ]] || problem "verify found a mismatch in an untouched store: $(jq -c .firstMismatch "$out")"
    r=$(LC_ALL=C awk -v n="$checked" -v ms="$millis" 'BEGIN { if (ms > 0) printf "%d", n * 1000 / ms + 0.5; else print 0 }')
    VERIFY_RATES+=("$r")
    CPU_LINES+=("$(cpu_phase "verify-$i" "$CPU_AT")")
    VERIFY_LINES+=("VERIFY run=$i checked=$checked valid=$valid millis=$millis events_per_s=$r checkpoints=$(jq -r .checkpointsChecked "$out")")
    log "verify $i: $checked events in $millis ms ($r events/s), valid=$valid"
done
VERIFY_MEDIAN=-
if ((${#VERIFY_RATES[@]} > 0)); then
    VERIFY_MEDIAN=$(printf '%s\n' "${VERIFY_RATES[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
fi

INVESTIGATION_LINE="INVESTIGATION status=-"
INV_RATE=-
if ((INVESTIGATION)); then
    ledger_alive
    out="$WORK/investigation.json"
    quiet investigation
    log "investigation over all of history, live parameters"
    t0=$(now)
    CPU_AT=$(cpu_sample)
    code=$(api POST /api/v1/investigations "$DISCIPLINE_USER" "$out" -H 'Content-Type: application/json' \
        --data '{"from":"2000-01-01","to":"2099-12-31"}')
    if [[ $code != 202 ]]; then
        problem "POST /api/v1/investigations answered $code: $(head -c 300 "$out")"
    else
        id=$(jq -r .id "$out")
        status=QUEUED
        deadline=$((SECONDS + VIEW_TIMEOUT))
        while [[ $status == QUEUED || $status == RUNNING ]] && ((SECONDS < deadline)); do
            sleep 0.25
            code=$(api GET "/api/v1/investigations/$id?limit=1" "$DISCIPLINE_USER" "$out")
            [[ $code == 200 ]] && status=$(jq -r .status "$out")
        done
        inv_s=$(elapsed "$t0")
        CPU_LINES+=("$(cpu_phase investigation "$CPU_AT")")
        read_n=$(jq -r .eventsRead "$out")
        INV_RATE=$(rate "$read_n" "$inv_s")
        [[ $status == COMPLETED ]] || problem "the investigation ended $status: $(jq -r .error "$out")"
        INVESTIGATION_LINE="INVESTIGATION status=$status events_read=$read_n matched=$(jq -r .eventsMatched "$out") alerts=$(jq -r .alertsFound "$out") seconds=$inv_s events_per_s=$INV_RATE"
        log "investigation $status: $read_n events in $inv_s s ($INV_RATE events/s)"
        # with the live parameters over all of history it must find exactly the live view's alerts
        if [[ $status == COMPLETED && -f $ALERTS_FILE ]]; then
            : >"$WORK/investigation-alerts.ids"
            cursor=""
            while :; do
                code=$(api GET "/api/v1/investigations/$id?limit=1000${cursor:+&cursor=$cursor}" "$DISCIPLINE_USER" "$out")
                [[ $code == 200 ]] || { problem "GET investigation alerts answered $code"; break; }
                jq -r '.alerts[].alertId' "$out" >>"$WORK/investigation-alerts.ids"
                cursor=$(jq -r '.nextCursor // empty' "$out")
                [[ -n $cursor ]] || break
            done
            jq -r .alertId "$ALERTS_FILE" | sort >"$WORK/live-alerts.ids"
            sort -o "$WORK/investigation-alerts.ids" "$WORK/investigation-alerts.ids"
            same=no
            cmp -s "$WORK/live-alerts.ids" "$WORK/investigation-alerts.ids" && same=yes
            CHECKS+=("CHECK investigation=all-history alerts_live=$(wc -l <"$WORK/live-alerts.ids") alerts_investigation=$(wc -l <"$WORK/investigation-alerts.ids") same_alert_ids=$same")
            [[ $same == yes ]] || problem "the investigation over all of history with the live parameters found other alerts than the live view"
        fi
    fi
fi

# (e) rebuild each view alone, then all at once -------------------------------------------------------
REBUILD_LINES=()
declare -A RB_S=() RB_EV=() RB_SAME=() RB_FLAG=()
((REBUILDS)) || { log "REBUILDS=0: no rebuilds"; VIEWS_TO_REBUILD=(); }
for v in "${VIEWS_TO_REBUILD[@]}"; do
    ledger_alive
    quiet "rebuild-$v"
    log "rebuilding $v"
    t0=$(now)
    CPU_AT=$(cpu_sample)
    if ! rebuild "$v"; then
        RB_S[$v]=-
        RB_EV[$v]=-
        RB_SAME[$v]=-
        continue
    fi
    if wait_current "rebuild $v" rebuild "$v"; then
        note_replay_flag
        RB_S[$v]=$(elapsed "$t0" "$DONE_AT")
        CPU_LINES+=("$(cpu_phase "rebuild-$v" "$CPU_AT")")
        RB_EV[$v]=$(jq -r --arg n "$v" '.items[] | select(.name == $n) | .head' "$STATUS_FILE")
        RB_FLAG[$v]=${REPLAY_FLAG_AT_DONE[$v]:--}
        log "$v rebuilt: ${RB_EV[$v]} events in ${RB_S[$v]} s"
    else
        RB_S[$v]=-
        RB_EV[$v]=$(jq -r --arg n "$v" '.items[] | select(.name == $n) | .head' "$STATUS_FILE")
    fi
    # the other views must not have been disturbed
    others=$(jq -r --arg n "$v" '[.items[] | select(.name != $n and (.lag != 0 or .caughtUp != true))
        | .name] | join(",")' "$STATUS_FILE")
    [[ -z $others ]] || log "note: during the rebuild of $v, not current: $others"
    check_view "$v" "rebuild-$v"
    RB_SAME[$v]=$LAST_SAME
    REBUILD_LINES+=("REBUILD view=$v events=${RB_EV[$v]} seconds=${RB_S[$v]} events_per_s=$(rate "${RB_EV[$v]}" "${RB_S[$v]}") same=${RB_SAME[$v]} replaying_flag_at_done=${RB_FLAG[$v]:--}")
done

ledger_alive
RB_ALL_S=-
RB_ALL_EV=-
declare -A RB_ALL_VIEW_S=()
ALL_OK=$REBUILDS
((REBUILD_ALL)) || { ((REBUILDS)) && log "REBUILD_ALL=0: no rebuild of every view at once"; ALL_OK=0; }
if ((ALL_OK)); then
    quiet rebuild-all
    log "rebuilding every view at once: ${VIEWS[*]}"
    t0=$(now)
    CPU_AT=$(cpu_sample)
    for v in "${VIEWS[@]}"; do
        rebuild "$v" || ALL_OK=0
    done
fi
if ((ALL_OK)) && wait_current "rebuild all" rebuild "${VIEWS[@]}"; then
    note_replay_flag
    RB_ALL_S=$(elapsed "$t0" "$DONE_AT")
    CPU_LINES+=("$(cpu_phase rebuild-all "$CPU_AT")")
    RB_ALL_EV=$(jq -r '[.items[].head] | max' "$STATUS_FILE")
    for v in "${VIEWS[@]}"; do
        RB_ALL_VIEW_S[$v]=$(elapsed "$t0" "${DONE_AT_VIEW[$v]}")
    done
    log "every view rebuilt: $RB_ALL_EV events each in $RB_ALL_S s"
fi
RB_ALL_SAME=""
for v in "${VIEWS_TO_REBUILD[@]}"; do
    check_view "$v" rebuild-all
    RB_ALL_SAME+="${RB_ALL_SAME:+,}$v:$LAST_SAME"
done
REBUILD_LINES+=("REBUILD view=all views=${#VIEWS[@]} events=$RB_ALL_EV seconds=$RB_ALL_S events_per_s=$(rate "$RB_ALL_EV" "$RB_ALL_S") view_events_per_s=$(rate "$(LC_ALL=C awk -v e="$RB_ALL_EV" -v n="${#VIEWS[@]}" 'BEGIN { print e * n }')" "$RB_ALL_S") same=$RB_ALL_SAME")
for v in "${VIEWS[@]}"; do
    [[ -n ${RB_ALL_VIEW_S[$v]:-} ]] && REBUILD_LINES+=("REBUILD_ALL view=$v seconds=${RB_ALL_VIEW_S[$v]}")
done

# (f) the ledger's log, then stop everything -------------------------------------------------------------
LEDGER_LOG="$WORK/pg-ledger.log"
ledger_alive
stop_pid "$LEDGER_PID" "the ledger (postgres)"
LEDGER_PID=""
# peak heap used (survivor, eden and old generation) over the run, from jstat's columns by name
PEAK_HEAP_MIB=-
if [[ -s $WORK/jstat.log ]]; then
    PEAK_HEAP_MIB=$(awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 ~ /^[0-9.]+$/ { u = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]; if (u > max) max = u }
        END { if (max > 0) printf "%d", max / 1024 + 0.5; else print "-" }' "$WORK/jstat.log")
fi
# (f2) the raw ceiling: plain JDBC batches of event-shaped rows into the same PostgreSQL, ledger stopped
RAW_LINE="RAW events=- seconds=- events_per_s=-"
RAW_RATE=-
if ((RAW)); then
    log "raw ceiling: $INGEST_EVENTS event-shaped rows with plain JDBC (batches of $BATCH_SIZE, $CONCURRENCY connections)"
    if java -Dloader.main=cn.huanxin.ledger.loadgen.RawInsertCeiling -cp "$LG_JAR" \
        org.springframework.boot.loader.launch.PropertiesLauncher \
        --jdbc-url "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" --user postgres --password postgres \
        --events "$INGEST_EVENTS" --batch-size "$BATCH_SIZE" --threads "$CONCURRENCY" >"$WORK/raw.out" 2>"$WORK/raw.err"; then
        RAW_LINE=$(grep '^RAW ' "$WORK/raw.out" | tail -n 1)
        RAW_RATE=$(field "$RAW_LINE" events_per_s)
        log "raw ceiling: $RAW_RATE events/s"
    else
        problem "the raw ceiling failed: $(tail -c 400 "$WORK/raw.err")"
    fi
fi
INGEST_RATE=$(field "$RESULT_LINE" events_per_s)
RATIO=$(LC_ALL=C awk -v a="$INGEST_RATE" -v b="$RAW_RATE" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.1f%%", 100 * a / b; else print "-" }')
stop_pid "$PG_PID" "PostgreSQL"
PG_PID=""
stop_orphan_postmasters
N_ERROR=$(grep -c ' ERROR ' "$LEDGER_LOG" || true)
N_WARN=$(grep -c ' WARN ' "$LEDGER_LOG" || true)

# (g) summary ---------------------------------------------------------------------------------------------
{
    printf '\nHuanxin Ledger read side on PostgreSQL: %s events, batch size %s, concurrency %s, seed %s\n' \
        "$INGEST_EVENTS" "$BATCH_SIZE" "$CONCURRENCY" "$SEED"
    printf '%s\n' "$RESULT_LINE"
    printf '\n%-34s %10s %10s %11s  %s\n' "phase" "events" "seconds" "events/s" "same numbers as after ingest"
    printf '%-34s %10s %10s %11s\n' "ingest (load generator)" "$INGEST_EVENTS" "$INGEST_S" \
        "$(field "$RESULT_LINE" events_per_s)"
    printf '%-34s %10s %10s %11s\n' "ingest with every view current" "$INGEST_EVENTS" "$ALL_CURRENT_S" \
        "$(rate "$INGEST_EVENTS" "$ALL_CURRENT_S")"
    printf '%-34s %10s %10s %11s\n' "  every view current after last ack" "-" "$AFTER_ACK_S" "-"
    printf '%-34s %10s %10s %11s  %s\n' "raw ceiling (plain JDBC inserts)" "$(field "$RAW_LINE" events)" \
        "$(field "$RAW_LINE" seconds)" "$RAW_RATE" "ledger ingest = $RATIO of it"
    for v in "${VIEWS[@]}"; do
        printf '%-34s %10s %10s %11s  %s\n' "rebuild $v" "${RB_EV[$v]:--}" "${RB_S[$v]:--}" \
            "$(rate "${RB_EV[$v]:-0}" "${RB_S[$v]:-0}")" "${RB_SAME[$v]:--}"
    done
    printf '%-34s %10s %10s %11s  %s\n' "rebuild all ${#VIEWS[@]} at once (per view)" "$RB_ALL_EV" "$RB_ALL_S" \
        "$(rate "$RB_ALL_EV" "$RB_ALL_S")" "$RB_ALL_SAME"
    for v in "${VIEWS[@]}"; do
        [[ -n ${RB_ALL_VIEW_S[$v]:-} ]] && printf '%-34s %10s %10s %11s\n' "  $v done after" "$RB_ALL_EV" \
            "${RB_ALL_VIEW_S[$v]}" "$(rate "$RB_ALL_EV" "${RB_ALL_VIEW_S[$v]}")"
    done
    printf '%-34s %10s %10s %11s\n' "verify (median of $VERIFY_RUNS)" "$INGEST_EVENTS" "-" "$VERIFY_MEDIAN"
    printf '%-34s %10s %10s %11s\n' "investigation (all history)" "$INGEST_EVENTS" "-" "$INV_RATE"
    printf '%-34s %10s\n' "ledger peak heap used (MiB)" "$PEAK_HEAP_MIB"
    printf 'ledger JVM options: %s\n' "$LEDGER_JAVA_OPTS"
    if ((${#CPU_LINES[@]} > 0)); then
        printf '\nwhere the CPU went (seconds; the machine has %s cores: busy cores = all processes, load generator included)\n' \
            "$(nproc 2>/dev/null || printf '?')"
        printf '%-34s %10s %12s %12s %12s\n' "phase" "wall" "ledger JVM" "PostgreSQL" "busy cores"
        for line in "${CPU_LINES[@]}"; do
            printf '%-34s %10s %12s %12s %12s\n' "$(field " $line" phase)" "$(field " $line" wall_s)" \
                "$(field " $line" ledger_cpu_s)" "$(field " $line" postgres_cpu_s)" "$(field " $line" machine_cores_busy)"
        done
    fi
    printf '\nlag when the load generator finished: %s; event store head %s\n' "$LAG_AT_END" "$HEAD"
    printf 'load generator wall time (JVM start, generation, posting): %s s\n' "$LOADGEN_WALL_S"

    printf '\nalerts after the ingest (the generated data is a clean background: each one is a candidate false positive)\n'
    if ((${#ALERT_LINES[@]} == 0)); then
        if [[ -n $ALERT_TOTAL ]]; then printf '  none\n'; else printf '  (not read)\n'; fi
    else
        printf '  %-6s %7s  %-8s  %-24s  %-12s  %s\n' rule count severity name subject "example (summaryEn)"
        for line in "${ALERT_LINES[@]}"; do
            IFS=$'\t' read -r r c s nm sk ex <<<"$line"
            printf '  %-6s %7s  %-8s  %-24s  %-12s  %s\n' "$r" "$c" "$s" "${nm:0:24}" "$sk" "$ex"
        done
    fi
    printf '\nledger log: %s ERROR lines, %s WARN lines\n' "$N_ERROR" "$N_WARN"
    if ((N_ERROR > 0)); then
        grep ' ERROR ' "$LEDGER_LOG" | sed -E 's/^[^ ]+ +//' | cut -c 1-220 | sort | uniq -c | sort -rn | head -n 10
    fi
    if ((${#FINDINGS[@]} > 0)); then
        printf '\nfindings (the numbers stand):\n'
        printf '  - %s\n' "${FINDINGS[@]}"
    fi
    if ((${#PROBLEMS[@]} > 0)); then
        printf '\nproblems seen (the run exits 1):\n'
        printf '  - %s\n' "${PROBLEMS[@]}"
    fi

    printf '\n'
    printf 'VIEWS ingest_events=%s ingest_s=%s ingest_events_per_s=%s all_current_s=%s events_per_s_current=%s head=%s views=%s\n' \
        "$INGEST_EVENTS" "$INGEST_S" "$(field "$RESULT_LINE" events_per_s)" "$ALL_CURRENT_S" \
        "$(rate "$INGEST_EVENTS" "$ALL_CURRENT_S")" "$HEAD" "$(IFS=,; printf '%s' "${VIEWS[*]}")"
    printf 'VERIFY_MEDIAN runs=%s events_per_s=%s\n' "${#VERIFY_RATES[@]}" "$VERIFY_MEDIAN"
    printf '%s ratio_ledger_ingest=%s\n' "$RAW_LINE" "$RATIO"
    printf 'HEAP peak_used_mib=%s java_opts=%s\n' "$PEAK_HEAP_MIB" "${LEDGER_JAVA_OPTS// /_}"
    printf 'CURRENT after_last_ack_s=%s\n' "$AFTER_ACK_S"
    printf '%s\n' "$INVESTIGATION_LINE"
    ((${#VERIFY_LINES[@]} == 0)) || printf '%s\n' "${VERIFY_LINES[@]}"
    ((${#QUIET_LINES[@]} == 0)) || printf '%s\n' "${QUIET_LINES[@]}"
    ((${#REBUILD_LINES[@]} == 0)) || printf '%s\n' "${REBUILD_LINES[@]}"
    ((${#CPU_LINES[@]} == 0)) || printf '%s\n' "${CPU_LINES[@]}"
    if ((${#ALERT_LINES[@]} > 0)); then
        printf 'ALERTS total=%s' "$ALERT_TOTAL"
        for line in "${ALERT_LINES[@]}"; do
            IFS=$'\t' read -r r c _ <<<"$line"
            printf ' %s=%s' "$r" "$c"
        done
        printf '\n'
    else
        printf 'ALERTS total=%s\n' "${ALERT_TOTAL:--}"
    fi
    printf '%s\n' "${CHECKS[@]}"
    for f in "${FINDINGS[@]}"; do printf 'FINDING %s\n' "$f"; done
    for f in "${PROBLEMS[@]}"; do printf 'PROBLEM %s\n' "$f"; done
}

if [[ $FAILED -ne 0 ]]; then
    log "the run saw problems (listed above)"
    exit 1
fi
