#include "geo/huge_pages.hpp"

#include "geo/parallel.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>

#include <sys/mman.h>
#include <unistd.h>

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

void populate_pages(const void* data, std::size_t bytes) {
#ifdef MADV_POPULATE_WRITE
    // In whole 2 MB pieces, a few per core: the kernel clears each page as it maps it.
    constexpr std::uintptr_t piece = std::uintptr_t{8} << 20, page = 4096;
    const auto start = reinterpret_cast<std::uintptr_t>(data) & ~(page - 1);
    const std::uintptr_t end = reinterpret_cast<std::uintptr_t>(data) + bytes;
    if (!data || end <= start) return;
    parallel_for((end - start + piece - 1) / piece, [&](std::size_t k) {
        const std::uintptr_t from = start + k * piece, to = std::min(end, from + piece);
        madvise(reinterpret_cast<void*>(from), to - from, MADV_POPULATE_WRITE);
    });
#else
    (void)data, (void)bytes;
#endif
}

std::optional<std::string> huge_page_tunables(const char* tunables, std::string_view thp_mode) {
    if (thp_mode.find("[madvise]") == std::string_view::npos) return std::nullopt;
    const std::string current = tunables ? tunables : "";
    if (current.find("glibc.malloc.hugetlb") != std::string::npos) return std::nullopt;
    return current.empty() ? "glibc.malloc.hugetlb=1" : current + ":glibc.malloc.hugetlb=1";
}

#if defined(__SANITIZE_ADDRESS__)
#define WANGGE_OWN_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WANGGE_OWN_MALLOC 1
#endif
#endif

bool ask_for_huge_page_heap() {
#ifdef WANGGE_OWN_MALLOC
    // AddressSanitizer's allocator stands in for glibc's, whose tunables would change nothing:
    // a second start would only cost its time (0.2 s a command under the sanitizer).
    return false;
#endif
    std::string mode;
    std::getline(std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled"), mode);
    const auto tunables = huge_page_tunables(std::getenv("GLIBC_TUNABLES"), mode);
    return tunables && setenv("GLIBC_TUNABLES", tunables->c_str(), 1) == 0;
}

void restart_with_huge_page_heap(char** argv) {
    if (ask_for_huge_page_heap()) execv("/proc/self/exe", argv);
}

} // namespace wangge
