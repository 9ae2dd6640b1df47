#include "geo/huge_pages.hpp"

#include <gtest/gtest.h>

using wangge::huge_page_tunables;

TEST(HugePages, MallocAsksForThemOnlyWhereTheKernelGivesThemOnRequest) {
    EXPECT_EQ(huge_page_tunables(nullptr, "always [madvise] never"), "glibc.malloc.hugetlb=1");
    EXPECT_EQ(huge_page_tunables("", "always [madvise] never"), "glibc.malloc.hugetlb=1");
    // Other tunables are kept.
    EXPECT_EQ(huge_page_tunables("glibc.malloc.arena_max=2", "always [madvise] never"),
              "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1");
    // Every process has them already, or none may.
    EXPECT_EQ(huge_page_tunables(nullptr, "[always] madvise never"), std::nullopt);
    EXPECT_EQ(huge_page_tunables(nullptr, "always madvise [never]"), std::nullopt);
    EXPECT_EQ(huge_page_tunables(nullptr, ""), std::nullopt); // no such file
    // Said already, either way: the run after the restart, or a user who turned it off.
    EXPECT_EQ(huge_page_tunables("glibc.malloc.hugetlb=1", "always [madvise] never"), std::nullopt);
    EXPECT_EQ(huge_page_tunables("glibc.malloc.hugetlb=0", "always [madvise] never"), std::nullopt);
}

TEST(HugePages, AdviceOnAnyRangeIsHarmless) {
    std::vector<double> v;
    wangge::reserve_on_huge_pages(v, 1 << 20);
    EXPECT_GE(v.capacity(), std::size_t{1} << 20);
    v.assign(1 << 20, 1.5);
    EXPECT_EQ(v[12345], 1.5);
    // Grown on pages faulted in beforehand: the old elements kept, the new ones value-initialised.
    std::vector<int> w(1000, 7);
    wangge::resize_on_huge_pages(w, 3'000'000);
    ASSERT_EQ(w.size(), 3'000'000u);
    EXPECT_EQ(w[999], 7);
    EXPECT_EQ(w[1000], 0);
    EXPECT_EQ(w.back(), 0);
    wangge::resize_on_huge_pages(w, 10);
    EXPECT_EQ(w.size(), 10u);
    wangge::populate_pages(nullptr, 0);
    wangge::advise_huge_pages(nullptr, 0);
    wangge::advise_huge_pages(v.data(), 7); // less than a huge page: nothing to advise
}
