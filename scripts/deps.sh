#!/usr/bin/env bash
# Installs the Debian packages ecom_analytics needs to build, test and benchmark (only those missing).
set -euo pipefail

packages=(
    g++ make
    postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl
    libboost-math-dev libeigen3-dev libgtest-dev
    r-base-core python3-statsmodels python3-sklearn bc python3-jsonschema
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
