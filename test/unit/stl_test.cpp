// STL against R's stats::stl: the shared co2 reference and the cases written by test/oracles/stl_cases.R.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/cancel.hpp"
#include "core/errors.hpp"
#include "core/stl.hpp"

namespace {

constexpr double kTolerance = 1e-9;

// A CSV file with a header line, read as text cells keyed by column name.
struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    // The cells of one column.
    std::vector<std::string> column(const std::string& name) const {
        std::size_t at = 0;
        while (at < header.size() && header[at] != name) ++at;
        if (at == header.size()) throw std::runtime_error("no column " + name);
        std::vector<std::string> cells;
        for (const auto& row : rows) cells.push_back(row.at(at));
        return cells;
    }

    // One column parsed as numbers.
    std::vector<double> numbers(const std::string& name) const {
        std::vector<double> values;
        for (const auto& cell : column(name)) values.push_back(std::stod(cell));
        return values;
    }
};

// Reads a comma-separated file without quoting; returns false when the file is absent.
bool read_table(const std::string& path, Table& table) {
    std::ifstream in(path);
    if (!in) return false;
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        std::vector<std::string> cells;
        std::stringstream stream(line);
        std::string cell;
        while (std::getline(stream, cell, ',')) cells.push_back(cell);
        if (first) table.header = cells; else table.rows.push_back(cells);
        first = false;
    }
    return true;
}

const std::string kDataDir = std::string(ECOM_SOURCE_DIR) + "/test/data/stl/";

// Largest absolute difference between two equally long vectors.
double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
    EXPECT_EQ(a.size(), b.size());
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) worst = std::max(worst, std::fabs(a[i] - b[i]));
    return worst;
}

// Checks every component of a decomposition against R's output in table (columns as R's stl writes them).
void expect_matches_r(const ecom::StlResult& fit, const Table& r, const std::string& label) {
    EXPECT_LE(max_abs_diff(fit.seasonal, r.numbers("seasonal")), kTolerance) << label << " seasonal";
    EXPECT_LE(max_abs_diff(fit.trend, r.numbers("trend")), kTolerance) << label << " trend";
    EXPECT_LE(max_abs_diff(fit.remainder, r.numbers("remainder")), kTolerance) << label << " remainder";
    EXPECT_LE(max_abs_diff(fit.weights, r.numbers("weights")), kTolerance) << label << " weights";
}

// An optional integer argument from cases.csv ("NA" means R's default).
std::optional<int> optional_int(const std::string& cell) {
    if (cell == "NA") return std::nullopt;
    return std::stoi(cell);
}

// The options of one row of cases.csv, as the SQL function would pass them.
ecom::StlOptions options_from_case(const Table& cases, std::size_t row) {
    auto cell = [&](const std::string& name) { return cases.column(name).at(row); };
    ecom::StlOptions o;
    o.period = std::stoi(cell("period"));
    if (cell("s_window") == "periodic") o.s_periodic = true; else o.s_window = std::stoi(cell("s_window"));
    if (auto v = optional_int(cell("s_degree"))) o.s_degree = *v;
    o.t_window = optional_int(cell("t_window"));
    if (auto v = optional_int(cell("t_degree"))) o.t_degree = *v;
    o.l_window = optional_int(cell("l_window"));
    o.l_degree = optional_int(cell("l_degree"));
    o.s_jump = optional_int(cell("s_jump"));
    o.t_jump = optional_int(cell("t_jump"));
    o.l_jump = optional_int(cell("l_jump"));
    o.robust = cell("robust") == "TRUE";
    o.inner = optional_int(cell("inner"));
    o.outer = optional_int(cell("outer"));
    return o;
}

// The settings R reported for one row of cases.csv.
std::vector<int> r_settings(const Table& cases, std::size_t row) {
    std::vector<int> values;
    for (const char* name : {"r_s_window", "r_t_window", "r_l_window", "r_s_degree", "r_t_degree", "r_l_degree",
                             "r_s_jump", "r_t_jump", "r_l_jump", "r_inner", "r_outer"})
        values.push_back(std::stoi(cases.column(name).at(row)));
    return values;
}

// Our resolved settings in the order of r_settings().
std::vector<int> our_settings(const ecom::StlSettings& s) {
    return {s.s_window, s.t_window, s.l_window, s.s_degree, s.t_degree, s.l_degree,
            s.s_jump, s.t_jump, s.l_jump, s.inner, s.outer};
}

// A small seasonal series of n points with the given period, for the argument checks.
std::vector<double> toy_series(std::size_t n, int period) {
    std::vector<double> y(n);
    for (std::size_t i = 0; i < n; ++i) y[i] = 0.1 * i + std::sin(6.283185307179586 * i / period);
    return y;
}

// Runs stl and returns the InvalidArgument message, or "" when it did not throw one.
std::string invalid_message(const std::vector<double>& y, const ecom::StlOptions& o) {
    try {
        ecom::stl(y, o);
    } catch (const ecom::InvalidArgument& e) {
        EXPECT_FALSE(e.hint().empty());
        return e.what();
    }
    return "";
}

}  // namespace

TEST(Stl, MatchesRCo2SWindow21) {
    Table r;
    const std::string path = std::string(ECOM_SOURCE_DIR) + "/../shared/data/series/co2_stl_r_swin21.csv";
    if (!read_table(path, r)) GTEST_SKIP() << "shared reference data absent: " << path;
    ecom::StlOptions o;
    o.period = 12;
    o.s_window = 21;
    const ecom::StlResult fit = ecom::stl(r.numbers("data"), o);
    expect_matches_r(fit, r, "co2 s.window=21");
    EXPECT_EQ(fit.settings.t_window, 21);
    EXPECT_EQ(fit.settings.l_window, 13);
}

TEST(Stl, MatchesROracleCases) {
    Table cases;
    ASSERT_TRUE(read_table(kDataDir + "cases.csv", cases)) << "missing " << kDataDir << "cases.csv";
    ASSERT_GE(cases.rows.size(), 10u);
    const auto names = cases.column("name");
    for (std::size_t row = 0; row < cases.rows.size(); ++row) {
        Table r;
        ASSERT_TRUE(read_table(kDataDir + names[row] + ".csv", r)) << names[row];
        const ecom::StlResult fit = ecom::stl(r.numbers("data"), options_from_case(cases, row));
        expect_matches_r(fit, r, names[row]);
        EXPECT_EQ(our_settings(fit.settings), r_settings(cases, row)) << names[row];
    }
}

TEST(Stl, PeriodicSeasonalIsExactlyPeriodicAndSumsBack) {
    const std::vector<double> y = toy_series(50, 5);
    ecom::StlOptions o;
    o.period = 5;
    o.s_periodic = true;
    const ecom::StlResult fit = ecom::stl(y, o);
    for (std::size_t i = 5; i < y.size(); ++i) EXPECT_EQ(fit.seasonal[i], fit.seasonal[i - 5]);
    for (std::size_t i = 0; i < y.size(); ++i)
        EXPECT_NEAR(fit.seasonal[i] + fit.trend[i] + fit.remainder[i], y[i], 1e-12);
}

TEST(Stl, RejectsWhatRRejects) {
    ecom::StlOptions o;
    o.period = 4;
    o.s_window = 7;
    EXPECT_EQ(invalid_message(toy_series(8, 4), o), "series is not periodic or has less than two periods");
    EXPECT_EQ(invalid_message(toy_series(9, 4), o), "");
    o.period = 1;
    EXPECT_EQ(invalid_message(toy_series(40, 4), o), "series is not periodic or has less than two periods");
    o.period = 4;
    std::vector<double> y = toy_series(40, 4);
    y[7] = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(invalid_message(y, o), "stl input has a non-finite value at position 8");
    y[7] = std::numeric_limits<double>::infinity();
    EXPECT_EQ(invalid_message(y, o), "stl input has a non-finite value at position 8");
    y = toy_series(40, 4);
    o.s_degree = 2;
    EXPECT_EQ(invalid_message(y, o), "s_degree must be 0 or 1 (got 2)");
    o.s_degree = 0;
    o.l_degree = -1;
    EXPECT_EQ(invalid_message(y, o), "l_degree must be 0 or 1 (got -1)");
    o.l_degree.reset();
    o.s_window.reset();
    EXPECT_EQ(invalid_message(y, o), "s_window is required unless s_periodic is true");
    o.s_periodic = true;
    o.s_window = 7;
    EXPECT_EQ(invalid_message(y, o), "s_window and s_periodic cannot both be given");
    o.s_periodic = false;
    o.s_window = 0;
    EXPECT_EQ(invalid_message(y, o), "s_window must be at least 1 (got 0)");
    o.s_window = 1;
    EXPECT_EQ(invalid_message(y, o), "t_window derived from s_window must be at least 1 (got -11)");
    o.t_window = 9;
    EXPECT_EQ(invalid_message(y, o), "");
    o.t_jump = 0;
    EXPECT_EQ(invalid_message(y, o), "t_jump must be at least 1 (got 0)");
    o.t_jump.reset();
    o.inner = 0;
    EXPECT_EQ(invalid_message(y, o), "inner_iterations must be at least 1 (got 0)");
    o.inner.reset();
    o.outer = -1;
    EXPECT_EQ(invalid_message(y, o), "outer_iterations must not be negative (got -1)");
}

TEST(Stl, EvenAndTinyWindowsAreWidenedAsInR) {
    // R passes even spans through and its Fortran raises them to the next odd number (and to at least 3).
    const std::vector<double> y = toy_series(60, 6);
    ecom::StlOptions even;
    even.period = 6;
    even.s_window = 8;
    even.t_window = 10;
    even.l_window = 2;
    ecom::StlOptions odd = even;
    odd.s_window = 9;
    odd.t_window = 11;
    odd.l_window = 3;
    odd.s_jump = 1;  // the default jumps follow the windows as given, so pin them to the even case's
    odd.t_jump = 1;
    odd.l_jump = 1;
    const ecom::StlResult a = ecom::stl(y, even);
    const ecom::StlResult b = ecom::stl(y, odd);
    EXPECT_EQ(a.settings.s_window, 8);
    EXPECT_EQ(a.seasonal, b.seasonal);
    EXPECT_EQ(a.trend, b.trend);
}

TEST(Stl, PollsForInterrupts) {
    ecom::set_interrupt_probe([] { return true; });
    ecom::StlOptions o;
    o.period = 4;
    o.s_window = 7;
    EXPECT_THROW(ecom::stl(toy_series(40, 4), o), ecom::Cancelled);
    ecom::set_interrupt_probe(nullptr);
}
