#!/usr/bin/env bash
# Debian packages the tests need: WeasyPrint's Pango, gettext, Chromium, Cyrillic fonts,
# and the PostgreSQL client tools of the server's major version (backups run pg_dump).
set -euo pipefail
pg_major="${PG_MAJOR:-}"
if [ -z "$pg_major" ] && command -v psql >/dev/null; then
  pg_major=$(psql "${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}" -tAc \
    "SELECT current_setting('server_version_num')::int / 10000" 2>/dev/null || true)
fi
pg_major="${pg_major:-15}"
needed=(chromium gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 "postgresql-client-$pg_major")
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Устанавливаю пакеты Debian: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "Нужны пакеты ${missing[*]}, а прав root нет: установите их (apt-get install ${missing[*]})." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
