#include "geo/parallel.hpp"
#include "geo/thread_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using wangge::parallel_for;
using wangge::ThreadPool;

TEST(ThreadPool, EveryIndexOnceFromManyCallersAtOnce) {
    // Eight callers (as a service's request threads would be) share the one pool.
    std::vector<std::thread> callers;
    std::vector<long long> sums(8, 0);
    for (int c = 0; c < 8; ++c)
        callers.emplace_back([&, c] {
            std::vector<std::atomic<int>> seen(10000);
            parallel_for(seen.size(), [&](std::size_t i) { ++seen[i]; });
            for (auto& s : seen) sums[static_cast<std::size_t>(c)] += s.load();
        });
    for (auto& t : callers) t.join();
    for (long long s : sums) EXPECT_EQ(s, 10000);
}

TEST(ThreadPool, NestedLoopsRunOnTheWorkerThatCallsThem) {
    std::atomic<int> inner_total{0}, nested_threads_differ{0};
    parallel_for(16, [&](std::size_t) {
        const auto outer = std::this_thread::get_id();
        const bool worker = ThreadPool::on_worker();
        parallel_for(100, [&](std::size_t) {
            ++inner_total;
            if (worker && std::this_thread::get_id() != outer) ++nested_threads_differ;
        });
    });
    EXPECT_EQ(inner_total.load(), 1600);
    EXPECT_EQ(nested_threads_differ.load(), 0); // no new threads, no waiting on itself
}

TEST(ThreadPool, TheFirstFailureIsRethrownToTheCaller) {
    std::atomic<int> ran{0};
    EXPECT_THROW(parallel_for(1000,
                              [&](std::size_t i) {
                                  ++ran;
                                  if (i == 10) throw std::runtime_error("ten");
                              }),
                 std::runtime_error);
    EXPECT_LE(ran.load(), 1000);
    // The pool still works afterwards.
    std::atomic<int> after{0};
    parallel_for(50, [&](std::size_t) { ++after; });
    EXPECT_EQ(after.load(), 50);
}
