// LZ4 frame C API, used to decode compressed record batches for inspection.
#include <lz4frame.h>
