// librdkafka's C API, from Debian's librdkafka-dev.
#include <librdkafka/rdkafka.h>
