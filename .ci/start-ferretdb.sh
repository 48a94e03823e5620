#!/usr/bin/env bash
# Starts FerretDB (SQLite handler) on 127.0.0.1:${FERRETDB_PORT:-27017} in the background; waits until it answers.
set -euo pipefail
port=${FERRETDB_PORT:-27017}
bin=${FERRETDB_BIN:-.tmp/bin/ferretdb}
dir=${FERRETDB_DIR:-.tmp/ferretdb}
mkdir -p "$dir"
"$bin" --handler=sqlite --sqlite-url="file:$(cd "$dir" && pwd)/" --state-dir="$dir" \
  --listen-addr="127.0.0.1:$port" --debug-addr=${FERRETDB_DEBUG_ADDR:-127.0.0.1:0} --telemetry=disable --log-level=warn \
  >"$dir/ferretdb.log" 2>&1 &
echo $! >"$dir/ferretdb.pid"
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "FerretDB on 127.0.0.1:$port"; exit 0; fi
  sleep 0.1
done
echo "FerretDB did not start; log:" >&2
cat "$dir/ferretdb.log" >&2
exit 1
