// The one place that includes PostgreSQL's C headers into C++ glue, with entry points exported.
#pragma once

// PostgreSQL 15 leaves PGDLLEXPORT empty on ELF; the module is built with -fvisibility=hidden, so the
// symbols PostgreSQL looks up (magic block, pg_finfo_*, entry points) are marked visible here.
#define PGDLLEXPORT __attribute__((visibility("default")))

extern "C" {
#include "postgres.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/memutils.h"
}
