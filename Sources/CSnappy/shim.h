// Snappy C API, used to decode compressed record batches for inspection.
#include <snappy-c.h>
