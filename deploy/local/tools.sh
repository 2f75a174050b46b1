#!/usr/bin/env bash
# Install the Debian tools listed in deploy/local/tools.txt (OCR, LibreOffice, poppler, Chromium) when missing.
#   deploy/local/tools.sh           install what is missing
#   deploy/local/tools.sh --check   exit 1 and list what is missing, install nothing
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
mapfile -t PKGS < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$HERE/tools.txt" | awk '{print $1}')
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${1:-}" = "--check" ]; then
    [ ${#missing[@]} -eq 0 ] && { echo "tools: all installed"; exit 0; }
    echo "tools: missing ${missing[*]}"; exit 1
fi
[ ${#missing[@]} -eq 0 ] && { echo "tools: all installed (${#PKGS[@]})"; exit 0; }
SUDO=(); [ "$(id -u)" -eq 0 ] || SUDO=(sudo)
echo "tools: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "tools: installed ${#missing[@]} package(s)"
