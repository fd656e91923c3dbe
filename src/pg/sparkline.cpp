// SQL entry point of ecom.sparkline.
#include "pg/boundary.hpp"
#include "pg/datum.hpp"
#include "pg/float8_array.hpp"

#include "core/sparkline.hpp"

// ecom.sparkline(series float8[]): the series as a line of Unicode blocks; NULL and NaN are gaps.
ECOM_FUNCTION(sparkline) {
    return ecom::pg::text_datum(ecom::sparkline(ecom::pg::float8_array_arg(fcinfo, 0, "series", nullptr)));
}
