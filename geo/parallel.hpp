#pragma once

#include "geo/thread_pool.hpp"

#include <cstddef>
#include <functional>

namespace wangge {

/// Runs fn(i) for every i in [0, n) on the shared pool (and the calling thread) and rethrows the
/// first failure. Inside a pool worker it runs on that thread: parallel loops never nest.
template <typename Fn> void parallel_for(std::size_t n, Fn&& fn) {
    if (n == 0) return;
    if (n == 1 || ThreadPool::on_worker()) {
        for (std::size_t i = 0; i < n; ++i) fn(i);
        return;
    }
    const std::function<void(std::size_t)> task = [&fn](std::size_t i) { fn(i); };
    ThreadPool::shared().run(n, task);
}

} // namespace wangge
