#pragma once

#include <cstddef>
#include <functional>

namespace wangge {

/// One pool of worker threads for the whole process (hardware threads − 1; the caller of run()
/// works too), so that concurrent requests of a service share the cores instead of each starting
/// threads of its own. Part of the base target (wangge_base): no GEOS, no PROJ.
///
/// run() may be called from any number of threads at once. Called from one of the pool's own
/// workers it runs the loop on that thread: work never nests, so it cannot deadlock.
class ThreadPool {
public:
    static ThreadPool& shared();

    /// Runs fn(i) for every i in [0, n), on the pool and the calling thread, and returns when all
    /// are done; rethrows the first exception (the remaining indices are then skipped).
    void run(std::size_t n, const std::function<void(std::size_t)>& fn);

    std::size_t workers() const noexcept;
    /// True on one of the pool's threads.
    static bool on_worker() noexcept;

    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

private:
    explicit ThreadPool(std::size_t workers);
    struct Impl;
    Impl* m_impl;
};

} // namespace wangge
