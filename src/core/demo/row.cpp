// Writing a row as COPY text.
#include "core/demo/row.hpp"

#include "core/demo/calendar.hpp"
#include "core/demo/text.hpp"

namespace ecom::demo {

Row::Row(const Column* columns, std::size_t count) : columns_(columns), values_(count), null_(count, 1) {
    for (std::string& value : values_) value.reserve(64);
}

void Row::append_copy_line(std::string& out, std::int64_t ingested_at, std::string_view source) const {
    for (std::size_t i = 0; i < values_.size(); ++i) {
        if (null_[i] != 0)
            out += "\\N";
        else
            append_copy_escaped(out, values_[i]);
        out += '\t';
    }
    append_timestamp(out, ingested_at);
    out += '\t';
    append_copy_escaped(out, source);
    out += '\n';
}

}  // namespace ecom::demo
