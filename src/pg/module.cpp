// Module entry: the magic block and the process-wide setup done when PostgreSQL loads the library.
#include "pg/postgres.hpp"

#include "core/cancel.hpp"
#include "pg/etl_settings.hpp"

extern "C" {
PG_MODULE_MAGIC;
PGDLLEXPORT void _PG_init(void);
}

namespace {

// Says whether the backend has a pending cancel or termination request (statement_timeout, Ctrl-C,
// pg_cancel_backend, pg_terminate_backend); other pending interrupts do not stop native work.
bool statement_must_stop() {
    return InterruptPending && (QueryCancelPending || ProcDiePending);
}

}  // namespace

// Runs once per backend when the library is loaded.
void _PG_init(void) {
    ecom::set_interrupt_probe(statement_must_stop);
    ecom::pg::define_etl_settings();
}
