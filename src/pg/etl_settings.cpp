// Settings of the warehouse ETL. ecom.refund_window_days is a native GUC (not a bare placeholder read
// with current_setting) so that SET rejects a non-integer or out-of-range value at once, SHOW and
// pg_settings document it, and ecom.run_etl() reads a validated integer.
#include "pg/etl_settings.hpp"

#include "pg/boundary.hpp"

#include <climits>

extern "C" {
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/guc.h"
}

namespace {

// Days after delivery (or after the order when delivery is unknown) within which a return is refunded.
int refund_window_days = 30;

// New staged rows from which ecom.run_etl() takes the bulk path (checks foreign keys per constraint, not per row).
int bulk_load_rows = 100000;

// The store's time zone: the ETL keys order, return and event days (and the derived facts) in it.
char* store_timezone = nullptr;

// Accepts only zone names PostgreSQL's tz database knows and can use (leap-second zones are refused).
bool check_store_timezone(char** newval, void**, GucSource) {
    const pg_tz* zone = (*newval != nullptr && **newval != '\0') ? pg_tzset(*newval) : nullptr;
    if (zone == nullptr || !pg_tz_acceptable(const_cast<pg_tz*>(zone))) {
        GUC_check_errmsg("invalid value for ecom.timezone: \"%s\"", *newval == nullptr ? "" : *newval);
        GUC_check_errhint("Use a time zone name from pg_timezone_names, such as UTC or Europe/Paris.");
        return false;
    }
    return true;
}

}  // namespace

namespace ecom::pg {

// Registers ecom.refund_window_days (integer days, 0..3650, default 30), ecom.timezone and ecom.bulk_load_rows.
void define_etl_settings() {
    DefineCustomIntVariable("ecom.refund_window_days",
                            "Days after delivery within which a return is refunded.",
                            "Counted from delivered_at, or from created_at when the delivery time is unknown; "
                            "later returns are recorded without refund by ecom.run_etl().",
                            &refund_window_days, 30, 0, 3650, PGC_USERSET, 0, nullptr, nullptr, nullptr);
    DefineCustomStringVariable("ecom.timezone",
                               "Time zone of the store: the days of orders, returns, events and metrics.",
                               "ecom.run_etl() keys days in this zone; after changing it, "
                               "ecom.rebuild_derived() re-keys the facts already loaded.",
                               &store_timezone, "UTC", PGC_USERSET, 0, check_store_timezone, nullptr, nullptr);
    DefineCustomIntVariable("ecom.bulk_load_rows",
                            "New staged rows from which ecom.run_etl() loads in bulk.",
                            "A bulk run (also at least a quarter of the staged rows consumed before) checks each foreign key once, "
                            "set-based, after loading instead of row by row, and keeps other writers out; 0 = every run.",
                            &bulk_load_rows, 100000, 0, INT_MAX, PGC_USERSET, 0, nullptr, nullptr, nullptr);
}

}  // namespace ecom::pg

// ecom.timezone(): the validated store time zone of this session.
ECOM_FUNCTION(store_timezone_setting) {
    return PointerGetDatum(cstring_to_text(store_timezone));
}

// ecom.bulk_load_rows(): the validated value of the setting in this session.
ECOM_FUNCTION(bulk_load_rows_setting) {
    return Int32GetDatum(bulk_load_rows);
}

// ecom.refund_window_days(): the validated value of the setting in this session.
ECOM_FUNCTION(refund_window_days_setting) {
    return Int32GetDatum(refund_window_days);
}
