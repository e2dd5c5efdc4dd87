#!/bin/bash
# Applies infra/trino/init/*.sql through the Trino CLI, in order; idempotent (IF NOT EXISTS).
# Bucket names are substituted from the environment (${S3_RAW_BUCKET}, ${S3_CURATED_BUCKET}).
set -euo pipefail
server="${TRINO_SERVER:-http://trino:8080}"
user="${TRINO_USER:-sluice}"
raw="${S3_RAW_BUCKET:-raw}"
curated="${S3_CURATED_BUCKET:-curated}"
for file in /init/*.sql; do
  echo "trino-init: $file"
  sql="$(sed -e "s/\${S3_RAW_BUCKET}/$raw/g" -e "s/\${S3_CURATED_BUCKET}/$curated/g" "$file")"
  trino --server "$server" --user "$user" --execute "$sql"
done
trino --server "$server" --user "$user" --execute "SHOW SCHEMAS FROM hive"
