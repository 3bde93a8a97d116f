#!/usr/bin/env bash
# Installs what the extension tests need, offline-safe and idempotent (seconds once done):
#  - apt: chromium (the workbench client), libkrb5-dev (code-server's kerberos addon), ripgrep (seed below);
#  - test/vscode-host: code-server 4.100.3 = a real VS Code 1.100.3 server that runs on Node 20.
# Why each step: ../shared/NOTES.md "The real VS Code, offline".
set -euo pipefail
cd "$(dirname "$0")/../.."
need=()
for p in chromium libkrb5-dev ripgrep; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if ((${#need[@]})); then
  echo "setup-vscode-host: apt-get install ${need[*]}"
  sudo_=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && sudo_="sudo"
  $sudo_ apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -d test/vscode-host/node_modules/code-server/lib/vscode/node_modules ] && exit 0
echo "setup-vscode-host: installing code-server 4.100.3 into test/vscode-host (about a minute, once)"
# @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache (in $TMPDIR) holds the tarball.
export TMPDIR="${TMPDIR:-/tmp}"
rgc="$TMPDIR/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rgc"
f="$rgc/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$f" ]; then d=$(mktemp -d); cp "$(command -v rg)" "$d/rg"; tar czf "$f" -C "$d" rg; rm -rf "$d"; fi
cd test/vscode-host
# nodedir: build native addons against the machine's Node headers (no header download);
# yes: node-pty's postinstall runs `npx node-gyp`; unsafe_perm: code-server's postinstall refuses root without it.
npm_config_nodedir=/usr npm_config_yes=true npm_config_unsafe_perm=true \
  npm ci --foreground-scripts --no-audit --no-fund >/tmp/setup-vscode-host.log 2>&1 || { tail -40 /tmp/setup-vscode-host.log; exit 1; }
echo "setup-vscode-host: done"
