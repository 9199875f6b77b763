#!/usr/bin/env bash
# Install the Debian packages of system-packages.txt that are missing, for the groups named
# (site, test, publish; default: site). Runs apt-get only when something is missing, so a
# machine that has them needs no root.
set -euo pipefail
cd "$(dirname "$0")/.."  # the project root
groups=("${@:-site}")
missing=()
while read -r group package; do
  [[ " ${groups[*]} " == *" $group "* ]] || continue
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done < <(grep -v '^\s*#' system-packages.txt | grep -v '^\s*$')
# python3-venv is only needed where the interpreter lacks the venv module (Debian's python3).
if python3 -c 'import ensurepip, venv' 2>/dev/null; then
  missing=("${missing[@]/python3-venv}")
fi
read -r -a missing <<< "${missing[*]}"
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Thiếu gói hệ thống: ${missing[*]}. Chạy với quyền root: sudo $0 ${groups[*]}" >&2
  exit 1
fi
echo "Cài gói hệ thống còn thiếu (${groups[*]}): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
