#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wangge {

/// Asks the kernel to back the whole 2 MB pages inside [data, data + bytes) with transparent huge
/// pages, when it gives them only on request: a vector of millions of records then faults in
/// 2 MB at a time instead of 4 KB (reading 3 million cases: 243,000 page faults → 82,000). Only
/// advice: no effect elsewhere.
void advise_huge_pages(const void* data, std::size_t bytes);

/// Faults in the pages of [data, data + bytes) on all cores (MADV_POPULATE_WRITE), so that the
/// first fill of a big vector does not fault them in one at a time on one core: the kernel
/// clears every page it hands out, and on a virtual machine 360 MB of cases took 0.8 s to
/// resize on one core. Only a hint: nothing happens where the kernel does not know it.
void populate_pages(const void* data, std::size_t bytes);

/// Reserves room for n elements of v, on huge pages where the kernel gives them.
template <typename T> void reserve_on_huge_pages(std::vector<T>& v, std::size_t n) {
    v.reserve(n);
    advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

/// Resizes v to n elements, the new ones on huge pages faulted in on all cores.
template <typename T> void resize_on_huge_pages(std::vector<T>& v, std::size_t n) {
    if (n <= v.size()) {
        v.resize(n);
        return;
    }
    reserve_on_huge_pages(v, n);
    populate_pages(v.data() + v.size(), (n - v.size()) * sizeof(T));
    v.resize(n);
}

/// The GLIBC_TUNABLES a run should have so that glibc's malloc asks for transparent huge pages
/// (glibc.malloc.hugetlb=1), given the variable as it is (nullptr: unset) and the kernel's mode
/// (/sys/kernel/mm/transparent_hugepage/enabled, e.g. "always [madvise] never"). nullopt when
/// nothing is to change: the kernel gives huge pages to every process, or to none; or the
/// variable already says what malloc should do (glibc.malloc.hugetlb=0 turns this off).
std::optional<std::string> huge_page_tunables(const char* tunables, std::string_view thp_mode);

/// Sets GLIBC_TUNABLES to huge_page_tunables() when they ask for a change, for the programs this
/// one starts: glibc reads its tunables only as a process starts. A big city's census and
/// assessment fault in hundreds of megabytes, and on a virtual machine a page fault costs
/// microseconds: 2 MB pages took a third off both on a 225,000-grid city. Returns whether it
/// changed the variable; never in a build with AddressSanitizer, whose allocator is not glibc's.
bool ask_for_huge_page_heap();

/// Runs the program again, once, when ask_for_huge_page_heap() changed the environment. Returns
/// when nothing is to change, or when the program cannot be run again (it then goes on as it
/// is). Call first thing in main. The `wangge` command sets the variable before it starts the
/// program that does the work (src/cli/launcher.cpp), which then starts only once.
void restart_with_huge_page_heap(char** argv);

} // namespace wangge
