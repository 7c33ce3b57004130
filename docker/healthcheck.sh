#!/usr/bin/env bash
# The container's health check: readiness from the ledger's management port, with nothing but bash
# (the JRE image has no curl). Exit 0 when the ledger answers 200, 1 otherwise.
set -euo pipefail
port="${MANAGEMENT_SERVER_PORT:-8081}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /actuator/health/readiness HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 5 status_line <&3
exec 3<&-
[[ "${status_line}" == "HTTP/1.1 200"* ]]
