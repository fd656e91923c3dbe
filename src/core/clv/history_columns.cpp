#include "core/clv/history_columns.hpp"

namespace ecom::clv {

HistoryColumns history_columns(const std::vector<CustomerGroup>& groups) {
    const auto n = static_cast<Eigen::Index>(groups.size());
    HistoryColumns columns;
    columns.t_x.resize(n);
    columns.T.resize(n);
    columns.count.resize(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const CustomerGroup& g = groups[static_cast<std::size_t>(i)];
        columns.t_x[i] = g.t_x;
        columns.T[i] = g.T;
        columns.count[i] = g.count;
        if (columns.runs.empty() || columns.runs.back().x != g.x) columns.runs.push_back({g.x, i, 0, 0});
        columns.runs.back().size += 1;
        columns.runs.back().customers += g.count;
    }
    return columns;
}

}  // namespace ecom::clv
