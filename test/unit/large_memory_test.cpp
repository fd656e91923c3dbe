// Unit tests of the large-buffer allocator: huge-page advice reaches the kernel, and the memory is usable.
#include "core/large_memory.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

namespace {

// The system's transparent huge page mode ("always", "madvise" or "never"), empty when unknown.
std::string huge_page_mode() {
    std::ifstream file("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string line;
    std::getline(file, line);
    const auto open = line.find('['), close = line.find(']');
    return open == std::string::npos || close == std::string::npos ? "" : line.substr(open + 1, close - open - 1);
}

// The THPeligible flag of the mapping holding `address` in /proc/self/smaps, or -1 when it is not reported.
int huge_page_eligible(const void* address) {
    std::ifstream smaps("/proc/self/smaps");
    const auto target = reinterpret_cast<std::uintptr_t>(address);
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        std::uintptr_t start = 0, end = 0;
        char dash = 0;
        std::istringstream range(line);
        if (range >> std::hex >> start >> dash >> end && dash == '-') {
            inside = start <= target && target < end;
        } else if (inside && line.rfind("THPeligible:", 0) == 0) {
            return std::stoi(line.substr(12));
        }
    }
    return -1;
}

TEST(LargeMemory, LargeBlocksAreAdvisedForHugePages) {
    if (huge_page_mode() != "madvise") GTEST_SKIP() << "transparent huge pages are not in madvise mode here";
    ecom::large_vector<char> large(std::size_t{16} << 20, 1);
    const char* middle = large.data() + large.size() / 2;
    EXPECT_EQ(huge_page_eligible(middle), 1);
    EXPECT_EQ(large[large.size() - 1], 1);
    // A small block is left as it is (a hint for one page would only split the mapping).
    ecom::large_vector<char> small(4096, 2);
    EXPECT_NE(huge_page_eligible(small.data()), 1);
}

}  // namespace
