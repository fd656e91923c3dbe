// Reducing C++ exceptions to PostgreSQL errors (see boundary.hpp for the rule).
#include "pg/boundary.hpp"

#include "core/cancel.hpp"
#include "core/errors.hpp"

#include <new>
#include <stdexcept>

namespace ecom::pg {

namespace {

// Copies text into a fixed buffer without allocating.
template <size_t N>
void copy_text(char (&buffer)[N], const char* text) noexcept {
    strlcpy(buffer, text != nullptr ? text : "", N);
}

// Records a std::exception with its SQLSTATE and, when it carries one, its hint.
void record(PendingError& pending, int sqlstate, const std::exception& error) noexcept {
    pending.sqlstate = sqlstate;
    copy_text(pending.message, error.what());
    if (const auto* hinted = dynamic_cast<const Hinted*>(&error); hinted != nullptr && !hinted->hint().empty()) {
        copy_text(pending.hint, hinted->hint().c_str());
        pending.has_hint = true;
    }
}

}  // namespace

void capture_current_exception(PendingError& pending) noexcept {
    try {
        throw;
    } catch (const Cancelled&) {
        pending.sqlstate = ERRCODE_QUERY_CANCELED;
        pending.cancelled = true;
    } catch (const PgError& error) {
        pending.sqlstate = error.data()->sqlerrcode;
        pending.pg_error = error.data();
    } catch (const std::bad_alloc& error) {
        record(pending, ERRCODE_OUT_OF_MEMORY, error);
        copy_text(pending.message, "out of memory in native code");
    } catch (const CorruptData& error) {
        record(pending, ERRCODE_INVALID_BINARY_REPRESENTATION, error);
    } catch (const std::invalid_argument& error) {
        record(pending, ERRCODE_INVALID_PARAMETER_VALUE, error);
    } catch (const std::domain_error& error) {
        record(pending, ERRCODE_INVALID_PARAMETER_VALUE, error);
    } catch (const std::out_of_range& error) {
        record(pending, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, error);
    } catch (const std::range_error& error) {
        record(pending, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, error);
    } catch (const std::overflow_error& error) {
        record(pending, ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE, error);
    } catch (const std::exception& error) {
        record(pending, ERRCODE_INTERNAL_ERROR, error);
    } catch (...) {
        pending.sqlstate = ERRCODE_INTERNAL_ERROR;
        copy_text(pending.message, "unknown C++ exception in native code");
    }
}

void raise_pending(const PendingError& pending) {
    if (pending.cancelled) {
        CHECK_FOR_INTERRUPTS();
        ereport(ERROR, (errcode(ERRCODE_QUERY_CANCELED),
                        errmsg("canceling statement: native computation was interrupted")));
    }
    if (pending.pg_error != nullptr) ReThrowError(pending.pg_error);
    ereport(ERROR, (errcode(pending.sqlstate), errmsg_internal("%s", pending.message),
                    pending.has_hint ? errhint("%s", pending.hint) : 0));
    pg_unreachable();
}

}  // namespace ecom::pg
