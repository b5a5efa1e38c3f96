// The MongoDB C driver (libmongoc, with libbson), from Debian's libmongoc-dev.
#include <mongoc/mongoc.h>
