#!/bin/sh
# Buckets of the data zones; idempotent (a second run changes nothing and says so).
#   RAW     write-once: created with S3 Object Lock (which turns versioning on) and a default
#           GOVERNANCE retention, so no stored version can be deleted or replaced before it expires;
#           the platform also writes with If-None-Match: * so an overwrite is refused (412).
#   CURATED plain bucket (STG and CURATED Parquet, rewritten by curation).
set -eu
: "${S3_ACCESS_KEY:?}" "${S3_SECRET_KEY:?}"
raw="${S3_RAW_BUCKET:-raw}"
curated="${S3_CURATED_BUCKET:-curated}"
days="${S3_RAW_RETENTION_DAYS:-30}"

mc alias set local http://minio:9000 "$S3_ACCESS_KEY" "$S3_SECRET_KEY" >/dev/null

if mc ls "local/$raw" >/dev/null 2>&1; then
  echo "bucket $raw: exists"
else
  mc mb --with-lock "local/$raw"
fi
# Setting the same default retention again is a no-op.
mc retention set --default GOVERNANCE "${days}d" "local/$raw"

if mc ls "local/$curated" >/dev/null 2>&1; then
  echo "bucket $curated: exists"
else
  mc mb "local/$curated"
fi

mc retention info --default "local/$raw"
echo "object storage: buckets $raw (object lock, GOVERNANCE ${days}d) and $curated ready"
