// Holt-Winters against R's stats::HoltWinters (cases written by test/oracles/holt_winters_cases.R),
// parameter recovery on simulated series, and argument checks.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/holt_winters.hpp"

namespace {

const std::string kDataDir = std::string(ECOM_SOURCE_DIR) + "/test/data/holt_winters/";

// Rows of a comma-separated file with a header, as text cells.
std::vector<std::vector<std::string>> read_rows(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::vector<std::string>> rows;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream stream(line);
        std::string cell;
        while (std::getline(stream, cell, ',')) cells.push_back(cell);
        rows.push_back(cells);
    }
    return rows;
}

// Column `column` of every row, as numbers.
std::vector<double> column(const std::vector<std::vector<std::string>>& rows, std::size_t column) {
    std::vector<double> values;
    for (const auto& row : rows) values.push_back(std::stod(row.at(column)));
    return values;
}

// One row of cases.csv: name, period, seasonal, alpha, beta, gamma, h, r_alpha, r_beta, r_gamma, r_a, r_b, r_sse.
struct Case {
    std::string name;
    ecom::HoltWintersOptions options;
    int h;
    double r_alpha, r_beta, r_gamma, r_a, r_b, r_sse;
};

// Every case of cases.csv, with options as the SQL function would pass them.
std::vector<Case> read_cases() {
    std::vector<Case> cases;
    for (const auto& row : read_rows(kDataDir + "cases.csv")) {
        Case c;
        c.name = row[0];
        c.options.period = std::stoi(row[1]);
        c.options.seasonal = row[2] == "none"             ? ecom::Seasonality::None
                             : row[2] == "multiplicative" ? ecom::Seasonality::Multiplicative
                                                          : ecom::Seasonality::Additive;
        if (row[3] != "NA") c.options.alpha = std::stod(row[3]);
        if (row[4] == "FALSE") c.options.trend = false;
        else if (row[4] != "NA") c.options.beta = std::stod(row[4]);
        if (row[5] != "NA" && row[5] != "FALSE") c.options.gamma = std::stod(row[5]);
        c.h = std::stoi(row[6]);
        c.r_alpha = std::stod(row[7]);
        c.r_beta = std::stod(row[8]);
        c.r_gamma = std::stod(row[9]);
        c.r_a = std::stod(row[10]);
        c.r_b = std::stod(row[11]);
        c.r_sse = std::stod(row[12]);
        cases.push_back(c);
    }
    return cases;
}

// Whether every smoothing parameter of a case was given (so R's numbers must be matched exactly).
bool all_given(const Case& c) {
    return c.options.alpha && (!c.options.trend || c.options.beta) &&
           (c.options.seasonal == ecom::Seasonality::None || c.options.gamma);
}

}  // namespace

TEST(HoltWinters, MatchesRForGivenParameters) {
    int checked = 0;
    for (const Case& c : read_cases()) {
        if (!all_given(c)) continue;
        ++checked;
        const auto data = column(read_rows(kDataDir + c.name + "_data.csv"), 0);
        const auto forecast_rows = read_rows(kDataDir + c.name + "_forecast.csv");
        const ecom::HoltWintersModel model = ecom::holt_winters(data, c.options);
        EXPECT_NEAR(model.level, c.r_a, 1e-9) << c.name;
        EXPECT_NEAR(model.slope, c.r_b, 1e-9) << c.name;
        EXPECT_NEAR(model.sse, c.r_sse, 1e-9 * c.r_sse) << c.name;
        const ecom::HoltWintersForecast f = ecom::holt_winters_forecast(model, c.h, 0.95);
        const auto fit = column(forecast_rows, 1), upr = column(forecast_rows, 2), lwr = column(forecast_rows, 3);
        for (int i = 0; i < c.h; ++i) {
            EXPECT_NEAR(f.mean[i], fit[i], 1e-9) << c.name << " h=" << i + 1;
            EXPECT_NEAR(f.upper[i], upr[i], 1e-9) << c.name << " h=" << i + 1;
            EXPECT_NEAR(f.lower[i], lwr[i], 1e-9) << c.name << " h=" << i + 1;
        }
    }
    EXPECT_EQ(checked, 4);
}

TEST(HoltWinters, FittedParametersAreCloseToRs) {
    int checked = 0;
    for (const Case& c : read_cases()) {
        if (all_given(c)) continue;
        ++checked;
        const auto data = column(read_rows(kDataDir + c.name + "_data.csv"), 0);
        const ecom::HoltWintersModel model = ecom::holt_winters(data, c.options);
        // R's optimisers stop early (L-BFGS-B factr 1e7, optimize tol 1e-4): ours may go a little further.
        EXPECT_LE(model.sse, c.r_sse * (1 + 1e-6)) << c.name;
        EXPECT_GE(model.sse, c.r_sse * (1 - 1e-2)) << c.name;
        EXPECT_NEAR(*model.options.alpha, c.r_alpha, 0.02) << c.name;
        if (model.options.trend) {
            EXPECT_NEAR(*model.options.beta, c.r_beta, 0.02) << c.name;
        }
        if (model.options.seasonal != ecom::Seasonality::None) {
            EXPECT_NEAR(*model.options.gamma, c.r_gamma, 0.02) << c.name;
        }
    }
    EXPECT_EQ(checked, 4);
}

TEST(HoltWinters, RecoversTrendAndSeasonOfASimulatedSeries) {
    // level 50, slope 0.3 per step, a weekly pattern, and small deterministic noise.
    const std::vector<double> pattern{-6, -3, -1, 0, 2, 7, 1};
    std::vector<double> y(280);
    for (std::size_t t = 0; t < y.size(); ++t) y[t] = 50 + 0.3 * t + pattern[t % 7] + 0.5 * std::sin(2.3 * t);
    ecom::HoltWintersOptions o;
    o.period = 7;
    const ecom::HoltWintersModel model = ecom::holt_winters(y, o);
    EXPECT_NEAR(model.slope, 0.3, 0.03);
    const ecom::HoltWintersForecast f = ecom::holt_winters_forecast(model, 14, 0.95);
    for (int h = 1; h <= 14; ++h) {
        const std::size_t t = y.size() - 1 + h;
        EXPECT_NEAR(f.mean[h - 1], 50 + 0.3 * t + pattern[t % 7], 1.5) << "h=" << h;
        EXPECT_LT(f.lower[h - 1], f.mean[h - 1]);
        EXPECT_GT(f.upper[h - 1], f.mean[h - 1]);
    }
}

TEST(HoltWinters, DampedTrendFlattensForecasts) {
    std::vector<double> y(120);
    for (std::size_t t = 0; t < y.size(); ++t) y[t] = 10 + 0.5 * t + std::sin(1.1 * t);
    ecom::HoltWintersOptions o;
    o.seasonal = ecom::Seasonality::None;
    o.alpha = 0.5;
    o.beta = 0.2;
    o.phi = 0.8;
    const ecom::HoltWintersModel model = ecom::holt_winters(y, o);
    const ecom::HoltWintersForecast f = ecom::holt_winters_forecast(model, 40, 0.9);
    // The forecast approaches level + slope * phi / (1 - phi).
    EXPECT_NEAR(f.mean[39], model.level + model.slope * 0.8 / 0.2, 0.01 * std::fabs(model.slope) + 1e-9);
}

TEST(HoltWinters, RejectsWhatRRejects) {
    std::vector<double> y(40, 1.0);
    ecom::HoltWintersOptions o;
    o.period = 24;
    EXPECT_THROW(ecom::holt_winters(y, o), ecom::InvalidArgument);  // fewer than 2 periods
    o.period = 4;
    o.alpha = 0.0;
    EXPECT_THROW(ecom::holt_winters(y, o), ecom::InvalidArgument);
    o.alpha = 1.5;
    EXPECT_THROW(ecom::holt_winters(y, o), ecom::InvalidArgument);
    o.alpha.reset();
    o.seasonal = ecom::Seasonality::Multiplicative;
    y[3] = 0.0;
    EXPECT_THROW(ecom::holt_winters(y, o), ecom::InvalidArgument);
    y[3] = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(ecom::holt_winters(y, o), ecom::InvalidArgument);
    y[3] = 1.0;
    o.phi = 0.0;
    EXPECT_THROW(ecom::holt_winters(y, o), ecom::InvalidArgument);
    o.phi = 1.0;
    const ecom::HoltWintersModel model = ecom::holt_winters(y, o);
    EXPECT_THROW(ecom::holt_winters_forecast(model, 0, 0.95), ecom::InvalidArgument);
    EXPECT_THROW(ecom::holt_winters_forecast(model, 3, 1.0), ecom::InvalidArgument);
}
