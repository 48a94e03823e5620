#!/usr/bin/env bash
# Builds FerretDB v1.24.2 (MongoDB wire protocol on SQLite) from the Go module proxy into $1 (default .tmp/bin).
# `go install …@v1.24.2` alone yields a binary that panics at start ("Invalid build/version/version.txt"):
# the release's version.txt is generated, not committed. So we build from the module source with that file written.
set -euo pipefail
version=v1.24.2
out_dir=${1:-.tmp/bin}
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
# No `| head` or `| grep -q` on the binary's output: with pipefail an early-closing reader is SIGPIPE (exit 141).
if [ -x "$out_dir/ferretdb" ] && [[ "$("$out_dir/ferretdb" --version 2>/dev/null)" == *"$version"* ]]; then
  exit 0
fi
mod=github.com/FerretDB/FerretDB
GOFLAGS=-mod=mod go mod download "$mod@$version"
src=$(go env GOMODCACHE)/github.com/\!ferret\!d\!b/\!ferret\!d\!b@$version
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -r "$src/." "$work/"
chmod -R u+w "$work"
echo "$version" > "$work/build/version/version.txt"
(cd "$work" && CGO_ENABLED=0 go build -trimpath -o "$out_dir/ferretdb" ./cmd/ferretdb)
built=$("$out_dir/ferretdb" --version)
echo "${built%%$'\n'*}"
