// jansson's JSON API, from Debian's libjansson-dev.
#include <jansson.h>
