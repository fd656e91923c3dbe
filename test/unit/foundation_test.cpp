// Unit tests of the foundation: summary encoding, cancellation, and the deliberate self-test failures.
#include "core/cancel.hpp"
#include "core/errors.hpp"
#include "core/selftest.hpp"
#include "core/serial.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <new>
#include <vector>

namespace {

constexpr std::uint32_t tag = 0x54455354;

// A small summary: an int and an array, in the given format version.
std::vector<char> encode(const std::vector<double>& values, std::uint16_t version = 1) {
    ecom::serial::Writer writer(tag, version);
    writer.put<std::int32_t>(7);
    writer.put_array(values.data(), values.size());
    return writer.bytes();
}

// Decodes what encode() wrote, checking every byte is used.
std::vector<double> decode(const char* data, std::size_t size) {
    ecom::serial::Reader reader(data, size, tag, 1);
    EXPECT_EQ(reader.get<std::int32_t>(), 7);
    std::vector<double> decoded;
    reader.get_array<double>(decoded);
    reader.finish();
    return decoded;
}

TEST(Serial, RoundTripsValuesAndArrays) {
    const std::vector<double> values{1.5, -2.25, 1e300};
    const auto bytes = encode(values);
    EXPECT_EQ(decode(bytes.data(), bytes.size()), values);
}

TEST(Serial, RefusesWrongTagNewerVersionTruncationAndTrailingBytes) {
    const auto bytes = encode({1.0, 2.0});
    EXPECT_THROW(ecom::serial::Reader(bytes.data(), bytes.size(), tag + 1, 1), ecom::CorruptData);
    const auto newer = encode({1.0}, 2);
    EXPECT_THROW(ecom::serial::Reader(newer.data(), newer.size(), tag, 1), ecom::CorruptData);
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
        EXPECT_THROW(decode(bytes.data(), cut), ecom::CorruptData) << "cut at " << cut;
    auto longer = bytes;
    longer.push_back(0);
    EXPECT_THROW(decode(longer.data(), longer.size()), ecom::CorruptData);
}

TEST(Serial, RefusesAnArrayLengthBeyondTheBuffer) {
    ecom::serial::Writer writer(tag, 1);
    writer.put<std::int32_t>(7);
    writer.put<std::uint64_t>(~std::uint64_t{0});  // claims 2^64-1 elements
    const auto& bytes = writer.bytes();
    EXPECT_THROW(decode(bytes.data(), bytes.size()), ecom::CorruptData);
}

bool stop_requested = false;
bool probe() { return stop_requested; }

TEST(Cancel, SpinStopsWhenTheProbeFires) {
    ecom::set_interrupt_probe(probe);
    stop_requested = true;
    const auto started = std::chrono::steady_clock::now();
    EXPECT_THROW(ecom::selftest::spin(std::chrono::milliseconds(10000)), ecom::Cancelled);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
    stop_requested = false;
    EXPECT_NO_THROW(ecom::selftest::spin(std::chrono::milliseconds(5)));
    ecom::set_interrupt_probe(nullptr);
}

TEST(Selftest, RaisesTheNamedErrorKinds) {
    EXPECT_THROW(ecom::selftest::raise("invalid_argument"), ecom::InvalidArgument);
    EXPECT_THROW(ecom::selftest::raise("out_of_range"), ecom::OutOfRange);
    EXPECT_THROW(ecom::selftest::raise("bad_alloc"), std::bad_alloc);
    EXPECT_THROW(ecom::selftest::raise("runtime"), std::runtime_error);
    EXPECT_THROW(ecom::selftest::raise("unknown"), int);
    EXPECT_THROW(ecom::selftest::raise("boost"), std::domain_error);
    EXPECT_THROW(ecom::selftest::raise("eigen"), std::logic_error);
    EXPECT_NO_THROW(ecom::selftest::raise("none"));
}

TEST(Errors, CarryTheirHint) {
    try {
        throw ecom::InvalidArgument("bins must be between 2 and 100", "Pass bins => 5.");
    } catch (const std::invalid_argument& error) {
        const auto* hinted = dynamic_cast<const ecom::Hinted*>(&error);
        ASSERT_NE(hinted, nullptr);
        EXPECT_EQ(hinted->hint(), "Pass bins => 5.");
    }
}

}  // namespace
