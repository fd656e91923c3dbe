// The C++/PostgreSQL error boundary: every SQL-callable entry point goes through ECOM_FUNCTION.
//
// PostgreSQL reports errors by longjmp, C++ by exceptions. The rule kept here: C++ runs inside
// try/catch, the exception is reduced to plain data, and ereport() runs only after the catch block
// has ended, when no C++ object with a destructor is alive on the stack. PostgreSQL calls made from
// C++ that may raise go through pg_guard(), which turns their error into a C++ exception.
#pragma once
#include "pg/postgres.hpp"

#include <exception>
#include <type_traits>

namespace ecom::pg {

// A PostgreSQL error caught by pg_guard(), carried through C++ frames and re-raised at the boundary.
class PgError : public std::exception {
public:
    explicit PgError(ErrorData* data) : data_(data) {}
    const char* what() const noexcept override { return data_->message ? data_->message : "PostgreSQL error"; }
    ErrorData* data() const noexcept { return data_; }
private:
    ErrorData* data_;
};

// Everything needed to raise an error after the C++ frames are gone: trivially destructible.
// The text buffers are filled only when an error is captured, so a call that succeeds pays nothing for them.
struct PendingError {
    int sqlstate = 0;           // 0: nothing pending
    bool cancelled = false;     // the interrupt probe fired: let PostgreSQL raise its own error
    ErrorData* pg_error = nullptr;
    bool has_hint = false;
    char message[1024];
    char hint[512];
};

// Reduces the exception in flight (inside a catch block) to a PendingError.
void capture_current_exception(PendingError& pending) noexcept;

// Raises the pending error as a PostgreSQL ERROR; call only with no C++ object alive above it.
[[noreturn]] void raise_pending(const PendingError& pending);

// Runs a C++ entry-point body and converts whatever it throws into a PostgreSQL error.
template <typename Body>
inline Datum run_boundary(FunctionCallInfo fcinfo, Body body) noexcept(false) {
    PendingError pending;
    Datum result = 0;
    try {
        result = body(fcinfo);
    } catch (...) {
        capture_current_exception(pending);
    }
    if (pending.sqlstate != 0) raise_pending(pending);
    return result;
}

// Runs PostgreSQL code that may ereport(ERROR) from C++: the error comes back as a PgError exception.
// The callable must not own C++ objects with destructors (a longjmp out of it would skip them).
template <typename F>
inline void pg_guard_void(F&& call) {
    MemoryContext caller_context = CurrentMemoryContext;
    ErrorData* volatile error = nullptr;
    PG_TRY();
    { call(); }
    PG_CATCH();
    {
        MemoryContextSwitchTo(caller_context);
        error = CopyErrorData();
        FlushErrorState();
    }
    PG_END_TRY();
    if (error != nullptr) throw PgError(error);
}

// pg_guard_void for calls that return a plain value.
template <typename F>
inline auto pg_guard(F&& call) {
    using Result = decltype(call());
    if constexpr (std::is_void_v<Result>) {
        pg_guard_void(call);
    } else {
        static_assert(std::is_trivially_copyable_v<Result>, "pg_guard returns plain values only");
        Result result{};
        pg_guard_void([&] { result = call(); });
        return result;
    }
}

}  // namespace ecom::pg

// Defines SQL-callable `name` (extern "C", exported) whose C++ body follows the macro:
//   ECOM_FUNCTION(my_func) { return Int32GetDatum(42); }
#define ECOM_FUNCTION(name)                                                        \
    static Datum name##_body(FunctionCallInfo fcinfo);                             \
    extern "C" {                                                                   \
    PG_FUNCTION_INFO_V1(name);                                                     \
    PGDLLEXPORT Datum name(PG_FUNCTION_ARGS) {                                     \
        return ::ecom::pg::run_boundary(fcinfo, name##_body);                      \
    }                                                                              \
    }                                                                              \
    static Datum name##_body([[maybe_unused]] FunctionCallInfo fcinfo)
