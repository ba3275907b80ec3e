#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 with trust auth and a `test`
# database (the machines' standard setup); start or create a Debian cluster if not.
set -euo pipefail
if pg_isready -q -h 127.0.0.1 -p 5432; then
  psql -h 127.0.0.1 -U postgres -d test -qtAc "SELECT 1" >/dev/null && exit 0
fi
if ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PGVER=$(ls /usr/lib/postgresql | sort -V | tail -1)
pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PGVER main" || pg_createcluster "$PGVER" main
HBA=/etc/postgresql/$PGVER/main/pg_hba.conf
if ! grep -q "presisi-ci" "$HBA"; then
  sed -i '1i host all all 127.0.0.1/32 trust # presisi-ci\nhost all all ::1/128 trust # presisi-ci' "$HBA"
fi
pg_lsclusters -h | awk -v v="$PGVER" '$1==v && $2=="main" {print $4}' | grep -q online \
  && pg_ctlcluster "$PGVER" main reload \
  || pg_ctlcluster --skip-systemctl-redirect "$PGVER" main start
for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
psql -h 127.0.0.1 -U postgres -qtAc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -qtAc "CREATE DATABASE test"
echo "PostgreSQL ready on 127.0.0.1:5432"
