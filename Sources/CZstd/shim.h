// Zstandard C API, used to decode compressed record batches for inspection.
#include <zstd.h>
