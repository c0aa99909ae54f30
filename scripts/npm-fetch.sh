#!/usr/bin/env bash
# Fetches one pinned npm package tarball into .tools/cache and checks its sha512 against the pin
# (the registry's `dist.integrity`). Prints the tarball's path. `npm pack` downloads it through
# the ordinary npm client without adding a dependency to the project.
# Usage: scripts/npm-fetch.sh NAME VERSION INTEGRITY
set -euo pipefail
name="$1" version="$2" integrity="$3"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/.tools/cache"
mkdir -p "$cache"
file="$cache/$(printf '%s' "$name" | tr -d '@' | tr '/' '-')-$version.tgz"

sri() { node -e 'const c=require("node:crypto"),f=require("node:fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"; }

if [[ -f "$file" && "$(sri "$file")" == "$integrity" ]]; then
  printf '%s\n' "$file"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "$name@$version" --silent >/dev/null)
got="$(sri "$work"/*.tgz)"
if [[ "$got" != "$integrity" ]]; then
  echo "error: $name@$version does not match its pinned integrity (expected $integrity, got $got)" >&2
  exit 1
fi
mv "$work"/*.tgz "$file"
printf '%s\n' "$file"
