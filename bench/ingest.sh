#!/usr/bin/env bash
# Ingest benchmark of the Huanxin Ledger.
#
# Posts EVENTS generated, valid events (default 100000) through POST /api/v1/events/batch, first to
# the ledger on its default H2 store, then to the ledger on a throw-away PostgreSQL, and prints both
# RESULT lines side by side. Everything runs on 127.0.0.1; every process the script starts is
# stopped on exit, also on failure or Ctrl-C.
#
# usage: bench/ingest.sh
# environment (all optional):
#   EVENTS=100000 BATCH_SIZE=1000 CONCURRENCY=2 SEED=42   passed to the load generator
#   LEDGER_PORT=18080 PG_PORT=54329                        ports on 127.0.0.1
#   PG_DURABLE=true     false keeps embedded PostgreSQL's fast defaults (fsync, synchronous_commit off)
#   PG_SETTINGS=""      further PostgreSQL server settings, name=value separated by spaces (e.g.
#                       "shared_preload_libraries=pg_stat_statements" to read the statements' totals after)
#   LEDGER_JAVA_OPTS    extra JVM options for the ledger, e.g. "-Xmx2g"
#   STARTUP_TIMEOUT=180 seconds to wait for the ledger or PostgreSQL to come up
#   KEEP_WORK=1         keep the work directory (logs, H2 data) even when everything succeeded
#   PSEUDONYM_KEY       64 hex characters for the PostgreSQL run (default: random)
#   BENCH_PASSWORD_HASH bcrypt hash of "bench-secret" (default: computed, or a verified constant)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

EVENTS=${EVENTS:-100000}
BATCH_SIZE=${BATCH_SIZE:-1000}
CONCURRENCY=${CONCURRENCY:-2}
SEED=${SEED:-42}
LEDGER_PORT=${LEDGER_PORT:-18080}
PG_PORT=${PG_PORT:-54329}
PG_DURABLE=${PG_DURABLE:-true}
LEDGER_JAVA_OPTS=${LEDGER_JAVA_OPTS:-}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-180}
KEEP_WORK=${KEEP_WORK:-0}

API_JAR=$ROOT/ledger-api/target/ledger-api.jar
LG_JAR=$ROOT/load-generator/target/load-generator.jar
LEDGER_URL="http://127.0.0.1:${LEDGER_PORT}"
BENCH_USER=bench
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
H2_RESULT=""
PG_RESULT=""
FAILED=0

log() { printf '[ingest] %s\n' "$*" >&2; }
die() { log "error: $*"; FAILED=1; exit 1; }
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# after a run: a ledger that died during the run means the numbers may come from another process
check_ledger_alive() {
    kill -0 "$LEDGER_PID" 2>/dev/null && return 0
    log "error: the ledger ($1) exited during the run (log: $WORK/$1-ledger.log); its result is void"
    FAILED=1
    return 1
}

print_results() {
    local key
    printf '\n%-16s %18s %18s\n' "" "H2" "PostgreSQL"
    for key in events seconds events_per_s batches batch_ms_median batch_ms_p95 failures retries concurrency batch_size; do
        printf '%-16s %18s %18s\n' "$key" "$(field "$H2_RESULT" "$key")" "$(field "$PG_RESULT" "$key")"
    done
    printf '\nH2          %s\nPostgreSQL  %s\n' "${H2_RESULT:-RESULT (not run)}" "${PG_RESULT:-RESULT (not run)}"
}

# ---------------------------------------------------------------------------------------------- main

command -v java >/dev/null 2>&1 || die "java is not on the PATH"
command -v curl >/dev/null 2>&1 || die "curl is not on the PATH"
[[ $EVENTS =~ ^[1-9][0-9]*$ ]] || die "EVENTS must be a positive integer"

if [[ ! -f $API_JAR || ! -f $LG_JAR ]]; then
    log "building (jars missing)"
    ./mvnw -q -B -DskipTests package
fi
[[ -f $API_JAR ]] || die "$API_JAR was not built"
[[ -f $LG_JAR ]] || die "$LG_JAR was not built"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/huanxin-ingest.XXXXXX")
log "work directory $WORK"

# (a) H2 ------------------------------------------------------------------------------------------
H2_DATA=$(mktemp -d "$WORK/h2-data.XXXXXX")
start_ledger h2 --ledger.data-dir="$H2_DATA"
RESULT_LINE=""
if run_loadgen h2 importer importer-demo; then :; else FAILED=1; fi
H2_RESULT=$RESULT_LINE
check_ledger_alive h2 || H2_RESULT="RESULT (void: the ledger exited during the run)"
stop_pid "$LEDGER_PID" "the ledger (h2)"
LEDGER_PID=""

# (b) PostgreSQL ----------------------------------------------------------------------------------
port_in_use "$PG_PORT" && die "port $PG_PORT is already in use; stop whatever listens there or set PG_PORT"
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
    "--ledger.seal.key-file=$SEAL_KEY" \
    "--ledger.data-dir=$WORK/pg-data" \
    "--ledger.security.clients[0].name=$BENCH_USER" \
    "--ledger.security.clients[0].password-hash={bcrypt}$BENCH_HASH" \
    "--ledger.security.clients[0].role=SOURCE" \
    "--ledger.security.clients[0].event-types=*" \
    "--ledger.security.clients[0].backfill=true"
RESULT_LINE=""
if run_loadgen pg "$BENCH_USER" "$BENCH_PASSWORD"; then :; else FAILED=1; fi
PG_RESULT=$RESULT_LINE
check_ledger_alive pg || PG_RESULT="RESULT (void: the ledger exited during the run)"
stop_pid "$LEDGER_PID" "the ledger (postgres)"
LEDGER_PID=""
stop_pid "$PG_PID" "PostgreSQL"
PG_PID=""
stop_orphan_postmasters

# (c) ---------------------------------------------------------------------------------------------
print_results
if [[ $FAILED -ne 0 ]]; then
    log "at least one run failed"
    exit 1
fi
