#!/bin/bash
# Topics of the contracts and their dead-letter topics; idempotent (existing topics are left alone).
set -euo pipefail
brokers="${KAFKA_BROKERS:-redpanda:9092}"
partitions="${KAFKA_TOPIC_PARTITIONS:-3}"
replicas="${KAFKA_TOPIC_REPLICAS:-1}"

topics=(ingest.file.v1 ingest.http.v1 ingest.stream.v1 source.posts.v1 retail.sale.v1)

existing="$(rpk topic list -X brokers="$brokers" | awk 'NR > 1 { print $1 }')"
for base in "${topics[@]}"; do
  for topic in "$base" "$base.dlq"; do
    if grep -qxF "$topic" <<<"$existing"; then
      echo "topic $topic: exists"
    else
      rpk topic create "$topic" -X brokers="$brokers" -p "$partitions" -r "$replicas" \
        -c cleanup.policy=delete
    fi
  done
done
rpk topic list -X brokers="$brokers"
