#!/usr/bin/env bash
# Make sure what the test suite needs is on this machine: Chromium for the
# browser tests, WeasyPrint's system libraries and a running PostgreSQL server.
set -euo pipefail

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
ldconfig -p | grep -q libpangoft2-1.0 || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
ls /usr/share/fonts/truetype/dejavu >/dev/null 2>&1 || need_apt+=(fonts-dejavu-core)

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "starting PostgreSQL"
  version=$(ls /etc/postgresql | sort -V | tail -1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432
