#!/bin/bash
# Applies infra/postgres/initdb/*.sql to the running server, in order; idempotent.
# Connection from the libpq environment (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).
set -euo pipefail
for file in /initdb/*.sql; do
  echo "postgres-init: $file"
  psql -v ON_ERROR_STOP=1 -q -f "$file"
done
psql -At -c "SELECT 'extensions: ' || string_agg(extname, ', ' ORDER BY extname) FROM pg_extension"
psql -At -c "SELECT 'schemas: ' || string_agg(nspname, ', ' ORDER BY nspname) FROM pg_namespace WHERE nspname IN ('raw', 'curated', 'meta')"
