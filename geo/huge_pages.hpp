#pragma once

#include <cstddef>
#include <vector>

namespace wangge {

/// Asks the kernel to back the whole 2 MB pages inside [data, data + bytes) with transparent huge
/// pages, when it gives them only on request (Debian's default): a vector of millions of records
/// then faults in 2 MB at a time instead of 4 KB (3 million cases of 120 bytes: 90,000 faults
/// fewer, a second of system time on a virtual machine). Only advice: no effect elsewhere.
void advise_huge_pages(const void* data, std::size_t bytes);

/// Reserves room for n elements of v, on huge pages where the kernel gives them.
template <typename T> void reserve_on_huge_pages(std::vector<T>& v, std::size_t n) {
    v.reserve(n);
    advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

} // namespace wangge
