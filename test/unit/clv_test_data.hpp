// Shared by the CLV unit tests: the CDNOW reference files (absent in a user's clone) and oracle tables.
#pragma once
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/clv/customers.hpp"
#include "core/clv/rfm.hpp"
#include <cstdint>
#include <map>

namespace ecom::clv::testing {

// Directory of the shared CDNOW files.
inline std::string cdnow_dir() { return std::string(ECOM_SOURCE_DIR) + "/../shared/data/cdnow"; }

// One row of cdnow_customers_summary_with_transactions.csv (weeks; calibration ends 1997-09-30).
struct CdnowSummary {
    long id;
    int x;
    double t_x;
    double T;
    double zbar;
};

// Reads the published per-customer summary; empty when the file is absent.
inline std::vector<CdnowSummary> read_cdnow_summary() {
    std::ifstream in(cdnow_dir() + "/cdnow_customers_summary_with_transactions.csv");
    std::vector<CdnowSummary> rows;
    std::string line;
    if (!std::getline(in, line)) return rows;  // header
    while (std::getline(in, line)) {
        for (char& ch : line)
            if (ch == ',') ch = ' ';
        std::istringstream fields(line);
        CdnowSummary row{};
        if (fields >> row.id >> row.x >> row.t_x >> row.T >> row.zbar) rows.push_back(row);
    }
    return rows;
}

// The summary as one group per customer.
inline std::vector<CustomerGroup> cdnow_groups(const std::vector<CdnowSummary>& rows) {
    std::vector<CustomerGroup> groups;
    for (const CdnowSummary& row : rows) groups.push_back({row.x, row.t_x, row.T, 1});
    return groups;
}

// Day number of a proleptic Gregorian date (days since 0000-03-01; only differences matter).
inline std::int64_t day_number(int yyyymmdd) {
    int y = yyyymmdd / 10000;
    const int m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
    const int shifted = m > 2 ? m - 3 : m + 9;  // months counted from March, so leap days fall last
    if (m <= 2) --y;
    return 365LL * y + y / 4 - y / 100 + y / 400 + (153 * shifted + 2) / 5 + d - 1;
}

// Purchases per customer id from CDNOW_sample.txt (master_id, sample_id, yyyymmdd, cds, dollars);
// empty when the file is absent.
inline std::map<long, std::vector<Purchase>> read_cdnow_sample() {
    std::ifstream in(cdnow_dir() + "/CDNOW_sample.txt");
    std::map<long, std::vector<Purchase>> customers;
    long master = 0, sample = 0;
    int date = 0, cds = 0;
    double dollars = 0;
    while (in >> master >> sample >> date >> cds >> dollars) customers[sample].push_back({day_number(date), dollars});
    return customers;
}

// Rows of a numeric CSV file with a header line, from test/data/clv/ (written by test/oracles/clv_mpmath.py).
inline std::vector<std::vector<double>> read_oracle(const std::string& name) {
    std::ifstream in(std::string(ECOM_SOURCE_DIR) + "/test/data/clv/" + name);
    std::vector<std::vector<double>> rows;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        for (char& ch : line)
            if (ch == ',') ch = ' ';
        std::istringstream fields(line);
        std::vector<double> row;
        double v = 0;
        while (fields >> v) row.push_back(v);
        rows.push_back(row);
    }
    return rows;
}

// The CDNOW calibration summaries computed from the transactions with summarize_purchases (exact t_x, T
// and mean spend, where the published file rounds to 2 decimals); empty when the data is absent.
inline std::vector<RfmSummary> cdnow_exact_summaries() {
    std::vector<RfmSummary> out;
    for (const auto& [id, purchases] : read_cdnow_sample())
        out.push_back(*summarize_purchases(purchases, day_number(19970930)));
    return out;
}

// Calibration summaries as one group per customer.
inline std::vector<CustomerGroup> groups_of(const std::vector<RfmSummary>& rows) {
    std::vector<CustomerGroup> groups;
    for (const RfmSummary& row : rows) groups.push_back({row.x, row.t_x, row.T, 1});
    return groups;
}

}  // namespace ecom::clv::testing
