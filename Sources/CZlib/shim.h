// zlib C API, used to decode compressed record batches for inspection.
#include <zlib.h>
