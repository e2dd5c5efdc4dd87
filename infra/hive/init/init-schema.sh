#!/bin/bash
# Creates the Hive Metastore schema in its PostgreSQL when it is missing; idempotent.
# The metastore itself starts with IS_RESUME=true (its entrypoint then skips schema work), so
# restarting it never re-runs schematool against an initialised database.
set -euo pipefail
: "${METASTORE_DB_URL:?}" "${METASTORE_DB_USER:?}" "${METASTORE_DB_PASSWORD:?}"
schematool=("${HIVE_HOME:-/opt/hive}/bin/schematool" -dbType postgres -driver org.postgresql.Driver
            -url "$METASTORE_DB_URL" -userName "$METASTORE_DB_USER" -passWord "$METASTORE_DB_PASSWORD")

if info="$("${schematool[@]}" -info 2>&1)" && grep -q "Metastore schema version" <<<"$info"; then
  echo "hive-metastore-init: schema exists"
  grep "schema version" <<<"$info" || true
else
  echo "hive-metastore-init: creating the metastore schema"
  "${schematool[@]}" -initSchema
fi
