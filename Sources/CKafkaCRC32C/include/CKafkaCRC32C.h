// CRC-32C with the CPU's own instruction (SSE 4.2 on x86-64, the CRC32 extension on ARMv8), for the
// Kafka log emulator's record batch checks. Swift cannot reach these instructions directly.
#ifndef SLUICE_CKAFKACRC32C_H
#define SLUICE_CKAFKACRC32C_H

#include <stddef.h>
#include <stdint.h>

// Non-zero when this CPU has a CRC-32C instruction; otherwise the caller computes it in software.
int sluice_crc32c_hardware_available(void);

// Continues `crc` (pre-inverted, as the running value inside a CRC computation) over `length` bytes.
// Only call when sluice_crc32c_hardware_available() returned non-zero.
uint32_t sluice_crc32c_hardware_update(uint32_t crc, const void *bytes, size_t length);

#endif
