#!/usr/bin/env bash
# Installs the Debian packages corpus builds against, and only those that are missing,
# so a fresh Debian 12 machine (as root) needs nothing else.
set -euo pipefail
packages=(cmake g++ make pkg-config libicu-dev libsqlite3-dev sqlite3 libcli11-dev libfmt-dev
          libgtest-dev nlohmann-json3-dev libsimdjson-dev libxxhash-dev libjemalloc-dev zlib1g-dev wordnet-base python3
          zsh groff-base)  # the last two check the completion script and the manual page
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
