// libpq's client API, from Debian's libpq-dev.
#include <libpq-fe.h>
