// Singleton's quickselect as a structured loop: a stack of pending segments, each carrying the range of
// requested positions it is responsible for; a segment whose range is empty is dropped unsorted.
#include "core/stl/partial_sort.hpp"

namespace ecom::loess {

namespace {

// A pending segment a[i..j] (1-based) with the requested positions pos[lo..hi] it must settle.
struct Segment {
    int i, j, lo, hi;
};

// Median-of-three partition of a[i..j] around the value first at (i + j) / 2; returns the crossing
// indices: a[i..l] <= pivot <= a[k..j].
void partition(double* a, int i, int j, int& k, int& l) {
    const int mid = (i + j) / 2;
    double pivot = a[mid];
    if (a[i] > pivot) {
        a[mid] = a[i];
        a[i] = pivot;
        pivot = a[mid];
    }
    if (a[j] < pivot) {
        a[mid] = a[j];
        a[j] = pivot;
        pivot = a[mid];
        if (a[i] > pivot) {
            a[mid] = a[i];
            a[i] = pivot;
            pivot = a[mid];
        }
    }
    k = i;
    l = j;
    for (;;) {
        --l;
        if (a[l] > pivot) continue;
        const double low = a[l];
        do ++k; while (k < j && a[k] < pivot);
        if (k > l) return;
        a[l] = a[k];
        a[k] = low;
    }
}

// Straight insertion sort of a[i..j], relying on a[i - 1] being no larger than any of them.
void insertion_sort(double* a, int i, int j) {
    for (int s = i; s < j; ++s) {
        const double value = a[s + 1];
        if (a[s] <= value) continue;
        int k = s;
        do {
            a[k + 1] = a[k];
            --k;
        } while (k >= 1 && !(value >= a[k]));
        a[k + 1] = value;
    }
}

}  // namespace

void singleton_partial_sort(std::vector<double>& values, const std::vector<int>& positions) {
    const int n = static_cast<int>(values.size());
    const int count = static_cast<int>(positions.size());
    if (n < 2 || count == 0) return;
    double* a = values.data() - 1;            // a[1..n]
    const int* pos = positions.data() - 1;    // pos[1..count]
    std::vector<Segment> pending;
    int i = 1, j = n, lo = 1, hi = count;
    // Takes the next pending segment that still has requested positions; false when none is left.
    auto resume = [&]() {
        while (!pending.empty()) {
            const Segment s = pending.back();
            pending.pop_back();
            i = s.i;
            j = s.j;
            lo = s.lo;
            hi = s.hi;
            if (lo <= hi) return true;
        }
        return false;
    };
    for (;;) {
        // Segments of up to 11 values are insertion-sorted, except the one starting at 1 (no sentinel).
        if (j - i > 10 || (i == 1 && i < j)) {
            int k = 0, l = 0;
            partition(a, i, j, k, l);
            Segment later{0, 0, lo, hi};
            bool exhausted = false;
            if (l - i <= j - k) {
                // Continue with the smaller left part a[i..l]; the right part waits.
                later.i = k;
                later.j = j;
                j = l;
                while (lo <= hi && pos[hi] > j) --hi;
                exhausted = lo > hi;
                if (!exhausted) later.lo = hi + 1;
            } else {
                later.i = i;
                later.j = l;
                i = k;
                while (lo <= hi && pos[lo] < i) ++lo;
                exhausted = lo > hi;
                if (!exhausted) later.hi = lo - 1;
            }
            pending.push_back(later);
            if (exhausted && !resume()) return;
            continue;
        }
        if (i != 1) insertion_sort(a, i, j);
        if (!resume()) return;
    }
}

}  // namespace ecom::loess
