// Settings (GUCs) of the warehouse ETL, defined when the module loads.
#pragma once

namespace ecom::pg {

// Registers ecom.refund_window_days, ecom.timezone and ecom.bulk_load_rows; called once from _PG_init.
void define_etl_settings();

}  // namespace ecom::pg
