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
