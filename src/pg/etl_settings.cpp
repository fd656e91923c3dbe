// Settings of the warehouse ETL. ecom.refund_window_days is a native GUC (not a bare placeholder read
// with current_setting) so that SET rejects a non-integer or out-of-range value at once, SHOW and
// pg_settings document it, and ecom.run_etl() reads a validated integer.
#include "pg/etl_settings.hpp"

#include "pg/boundary.hpp"

extern "C" {
#include "utils/guc.h"
}

namespace {

// Days after delivery (or after the order when delivery is unknown) within which a return is refunded.
int refund_window_days = 30;

}  // namespace

namespace ecom::pg {

// Registers ecom.refund_window_days (integer days, 0..3650, default 30, settable by any user).
void define_etl_settings() {
    DefineCustomIntVariable("ecom.refund_window_days",
                            "Days after delivery within which a return is refunded.",
                            "Counted from delivered_at, or from created_at when the delivery time is unknown; "
                            "later returns are recorded without refund by ecom.run_etl().",
                            &refund_window_days, 30, 0, 3650, PGC_USERSET, 0, nullptr, nullptr, nullptr);
}

}  // namespace ecom::pg

// ecom.refund_window_days(): the validated value of the setting in this session.
ECOM_FUNCTION(refund_window_days_setting) {
    return Int32GetDatum(refund_window_days);
}
