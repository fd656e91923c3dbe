// ecom.to_numeric / to_int / to_date / to_timestamptz: casts from text that return NULL instead of failing.
// The strict validators of src/core/safe_cast decide; only accepted text reaches PostgreSQL's input functions,
// which therefore cannot raise (they still run under pg_guard).
#include "pg/boundary.hpp"

#include "core/safe_cast.hpp"

#include <cstdlib>
#include <string>

extern "C" {
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/timestamp.h"
}

namespace {

// The text argument as a std::string (detoasted under pg_guard).
std::string text_value(FunctionCallInfo fcinfo) {
    text* value = ecom::pg::pg_guard([&] { return PG_GETARG_TEXT_PP(0); });
    return std::string(VARDATA_ANY(value), VARSIZE_ANY_EXHDR(value));
}

// Runs a type input function (cstring, typioparam, typmod) on validated text.
Datum input(PGFunction function, const std::string& value) {
    return ecom::pg::pg_guard([&] {
        return DirectFunctionCall3(function, CStringGetDatum(value.c_str()), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
    });
}

}  // namespace

// ecom.to_numeric(text): the decimal number, or NULL when the text is not one.
ECOM_FUNCTION(safe_to_numeric) {
    const std::string value = text_value(fcinfo);
    if (!ecom::safe_cast::is_decimal(value)) PG_RETURN_NULL();
    return input(numeric_in, value);
}

// ecom.to_int(text): the integer (at most 9 digits), or NULL.
ECOM_FUNCTION(safe_to_int) {
    const std::string value = text_value(fcinfo);
    if (!ecom::safe_cast::is_int32(value)) PG_RETURN_NULL();
    return Int32GetDatum(static_cast<int32>(std::strtol(value.c_str(), nullptr, 10)));
}

// ecom.to_date(text): the ISO date, or NULL.
ECOM_FUNCTION(safe_to_date) {
    const std::string value = text_value(fcinfo);
    if (!ecom::safe_cast::is_iso_date(value)) PG_RETURN_NULL();
    return ecom::pg::pg_guard([&] { return DirectFunctionCall1(date_in, CStringGetDatum(value.c_str())); });
}

// ecom.to_timestamptz(text): the ISO timestamp (no offset = session time zone), or NULL.
ECOM_FUNCTION(safe_to_timestamptz) {
    const std::string value = text_value(fcinfo);
    if (!ecom::safe_cast::is_iso_timestamp(value)) PG_RETURN_NULL();
    return input(timestamptz_in, value);
}
