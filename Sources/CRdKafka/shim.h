// librdkafka's C API, from Debian's librdkafka-dev.
#ifndef SLUICE_CRDKAFKA_SHIM_H
#define SLUICE_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>

// rd_kafka_producev is a C variadic function, which Swift cannot call. This wrapper fixes the one
// argument list the platform uses: topic, partition, key, value, headers and a per-message opaque
// that comes back in the delivery report. The bytes are copied (RD_KAFKA_MSG_F_COPY), so the caller's
// buffers may go away once it returns. On success librdkafka owns `headers`; on failure the caller does.
static inline rd_kafka_resp_err_t sluice_rd_kafka_produce(rd_kafka_t *rk, const char *topic, int32_t partition,
        const void *key, size_t key_size, const void *value, size_t value_size,
        rd_kafka_headers_t *headers, void *opaque) {
    return rd_kafka_producev(rk,
        RD_KAFKA_V_TOPIC(topic),
        RD_KAFKA_V_PARTITION(partition),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(key, key_size),
        RD_KAFKA_V_VALUE((void *)value, value_size),
        RD_KAFKA_V_HEADERS(headers),
        RD_KAFKA_V_OPAQUE(opaque),
        RD_KAFKA_V_END);
}

#endif
