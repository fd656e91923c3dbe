// SQL entry point of ecom.generate_demo_data: streams each staging table from the C++ generator into
// PostgreSQL's own COPY FROM machinery (defaults, identity, constraints and indexes as for a COPY).
//
// COPY pulls bytes through a plain C callback without a user pointer, so the stream being loaded is
// kept in a file-level pointer for the duration of one CopyFrom. The callback never lets a C++
// exception escape: it reduces it to a PendingError and raises that from a frame holding no C++ object.
#include "pg/boundary.hpp"
#include "pg/memory.hpp"

#include "core/demo/settings.hpp"
#include "core/demo/tables.hpp"
#include "core/demo/world.hpp"

#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>

// Executor and parser headers trip -Wextra and C++17 (unused parameters, `register`).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wregister"
extern "C" {
#include "access/sysattr.h"
#include "access/table.h"
#include "access/xact.h"
#include "commands/copy.h"
#include "executor/executor.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "nodes/makefuncs.h"
#include "parser/parse_relation.h"
#include "tcop/utility.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/tuplestore.h"
}
#pragma GCC diagnostic pop

namespace {

namespace demo = ecom::demo;

// The stream the running CopyFrom reads; set only around one CopyFrom call.
demo::TableStream* active_stream = nullptr;

// One call's generator: the shared model and the stream of the table being loaded. Lives in a memory
// context, so an error or cancellation anywhere still destroys it (and forgets the active stream).
struct Generation {
    explicit Generation(const demo::Settings& settings) : world(settings) {}
    ~Generation() {
        if (stream && active_stream == stream.get()) active_stream = nullptr;
    }
    demo::World world;
    std::unique_ptr<demo::TableStream> stream;
};

// Makes `stream` the one COPY reads from while this object lives.
class ActiveStream {
public:
    explicit ActiveStream(demo::TableStream* stream) { active_stream = stream; }
    ~ActiveStream() { active_stream = nullptr; }
    ActiveStream(const ActiveStream&) = delete;
    ActiveStream& operator=(const ActiveStream&) = delete;
};

// COPY's data source: the next bytes of the active stream, 0 at its end. Called from C.
int read_active_stream(void* buffer, int, int max_read) {
    ecom::pg::PendingError pending;
    int copied = 0;
    try {
        if (active_stream == nullptr) throw std::logic_error("demo-data COPY has no active stream");
        copied = static_cast<int>(active_stream->read(static_cast<char*>(buffer), static_cast<std::size_t>(max_read)));
    } catch (...) {
        ecom::pg::capture_current_exception(pending);
    }
    if (pending.sqlstate != 0) ecom::pg::raise_pending(pending);  // no C++ object is alive in this frame
    return copied;
}

// The argument `n` as an optional (empty for SQL NULL).
std::optional<std::int64_t> int_arg(FunctionCallInfo fcinfo, int n) {
    if (PG_ARGISNULL(n)) return std::nullopt;
    return PG_GETARG_INT32(n);
}

// The checked arguments of the call.
demo::Settings read_settings(FunctionCallInfo fcinfo) {
    demo::Arguments arguments;
    arguments.customers = int_arg(fcinfo, 0);
    arguments.days = int_arg(fcinfo, 1);
    if (!PG_ARGISNULL(2)) {
        const DateADT date = PG_GETARG_DATEADT(2);
        arguments.start_day = DATE_NOT_FINITE(date) ? std::numeric_limits<std::int64_t>::max()
                                                    : std::int64_t{date} + (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE);
    }
    arguments.seed = int_arg(fcinfo, 3);
    if (!PG_ARGISNULL(4)) arguments.dirty_fraction = PG_GETARG_FLOAT8(4);
    return demo::validate(arguments);
}

// The COPY column list of a table as a List of String nodes.
List* column_list(demo::Table table) {
    List* columns = NIL;
    for (const std::string& name : demo::copy_columns(table)) {
        const char* copy = name.c_str();
        columns = ecom::pg::pg_guard([&] { return lappend(columns, makeString(pstrdup(copy))); });
    }
    return columns;
}

// Opens a staging table for INSERT the way COPY FROM does: lock, privilege check on the loaded
// columns, and a refusal when row-level security applies. Returns the parse state holding its RTE.
ParseState* open_for_insert(const char* name, List* columns, Relation* relation) {
    ParseState* pstate = make_parsestate(nullptr);
    Relation rel = table_openrv(makeRangeVar(pstrdup("ecom"), pstrdup(name), -1), RowExclusiveLock);
    ParseNamespaceItem* item = addRangeTableEntryForRelation(pstate, rel, RowExclusiveLock, nullptr, false, false);
    RangeTblEntry* rte = item->p_rte;
    rte->requiredPerms = ACL_INSERT;
    ListCell* cell;
    foreach (cell, CopyGetAttnums(RelationGetDescr(rel), rel, columns))
        rte->insertedCols = bms_add_member(rte->insertedCols, lfirst_int(cell) - FirstLowInvalidHeapAttributeNumber);
    ExecCheckRTPerms(pstate->p_rtable, true);
    if (check_enable_rls(RelationGetRelid(rel), InvalidOid, false) == RLS_ENABLED)
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("ecom.generate_demo_data cannot load ecom.%s: row-level security is enabled", name),
                        errhint("Load demo data as the table owner or disable row-level security on the staging table.")));
    *relation = rel;
    return pstate;
}

// Streams one table into its staging table with COPY; returns the rows loaded.
uint64 load_table(Generation& generation, demo::Table table) {
    generation.stream = demo::open_table(generation.world, table);
    const char* name = demo::table_spec(table).name;
    List* columns = column_list(table);
    ActiveStream active(generation.stream.get());
    uint64 loaded = 0;
    ecom::pg::pg_guard_void([&] {
        Relation rel = nullptr;
        ParseState* pstate = open_for_insert(name, columns, &rel);
        // The text is generated in the database encoding: no transcoding.
        List* options = list_make1(makeDefElem(pstrdup("encoding"), (Node*) makeString(pstrdup(GetDatabaseEncodingName())), -1));
        CopyFromState copy = BeginCopyFrom(pstate, rel, nullptr, nullptr, false, read_active_stream, columns, options);
        loaded = CopyFrom(copy);
        EndCopyFrom(copy);
        free_parsestate(pstate);
        table_close(rel, NoLock);
        CommandCounterIncrement();
    });
    generation.stream.reset();
    return loaded;
}

}  // namespace

// ecom.generate_demo_data(customers, days, start_date, seed, dirty_fraction): fills the eight staging
// tables in this transaction and returns a row (table_name, rows) per table.
ECOM_FUNCTION(generate_demo_data) {
    const demo::Settings settings = read_settings(fcinfo);
    ecom::pg::pg_guard_void([] {
        PreventCommandIfReadOnly("ecom.generate_demo_data()");
        PreventCommandIfParallelMode("ecom.generate_demo_data()");
    });
    MemoryContext context = ecom::pg::pg_guard([] {
        return AllocSetContextCreate(CurrentMemoryContext, "ecom demo data", ALLOCSET_DEFAULT_SIZES);
    });
    auto* generation = ecom::pg::make_context_owned<Generation>(context, settings);
    uint64 loaded[demo::table_count];
    for (std::size_t t = 0; t < demo::table_count; ++t) loaded[t] = load_table(*generation, static_cast<demo::Table>(t));
    ecom::pg::pg_guard_void([&] { MemoryContextDelete(context); });
    ecom::pg::pg_guard_void([&] {
        InitMaterializedSRF(fcinfo, 0);
        auto* result = reinterpret_cast<ReturnSetInfo*>(fcinfo->resultinfo);
        for (std::size_t t = 0; t < demo::table_count; ++t) {
            Datum row[2] = {CStringGetTextDatum(demo::table_spec(static_cast<demo::Table>(t)).name),
                            Int64GetDatum(static_cast<int64>(loaded[t]))};
            bool nulls[2] = {false, false};
            tuplestore_putvalues(result->setResult, result->setDesc, row, nulls);
        }
    });
    return (Datum) 0;
}
