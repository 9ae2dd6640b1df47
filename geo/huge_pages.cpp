#include "geo/huge_pages.hpp"

#include <cstdint>

#include <sys/mman.h>

namespace wangge {

void advise_huge_pages(const void* data, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
    constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
    const auto start = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t from = (start + huge - 1) & ~(huge - 1), to = (start + bytes) & ~(huge - 1);
    if (data && to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
#else
    (void)data, (void)bytes;
#endif
}

} // namespace wangge
