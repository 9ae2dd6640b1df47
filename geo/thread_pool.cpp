#include "geo/thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace wangge {
namespace {

thread_local bool t_on_worker = false;

/// One call of run(): its indices are taken by whoever helps.
struct Job {
    std::size_t n = 0;
    const std::function<void(std::size_t)>* fn = nullptr;
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr failure;
    std::mutex mutex;
    std::condition_variable done;
    std::size_t helpers_left = 0;

    void work() {
        try {
            for (std::size_t i = next++; i < n && !failed; i = next++) (*fn)(i);
        } catch (...) {
            std::lock_guard lock(mutex);
            if (!failed.exchange(true)) failure = std::current_exception();
        }
    }
};

} // namespace

struct ThreadPool::Impl {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::shared_ptr<Job>> queue; ///< one entry per helper asked for
    std::vector<std::thread> threads;
    bool stopping = false;

    void loop() {
        t_on_worker = true;
        for (;;) {
            std::shared_ptr<Job> job;
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [&] { return stopping || !queue.empty(); });
                if (stopping && queue.empty()) return;
                job = std::move(queue.front());
                queue.pop_front();
            }
            job->work();
            std::lock_guard lock(job->mutex);
            if (--job->helpers_left == 0) job->done.notify_all();
        }
    }
};

ThreadPool::ThreadPool(std::size_t workers) : m_impl(new Impl) {
    for (std::size_t i = 0; i < workers; ++i) m_impl->threads.emplace_back([this] { m_impl->loop(); });
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    m_impl->wake.notify_all();
    for (auto& t : m_impl->threads) t.join();
    delete m_impl;
}

ThreadPool& ThreadPool::shared() {
    static ThreadPool pool(std::max(1u, std::thread::hardware_concurrency()) - 1);
    return pool;
}

std::size_t ThreadPool::workers() const noexcept {
    return m_impl->threads.size();
}

bool ThreadPool::on_worker() noexcept {
    return t_on_worker;
}

void ThreadPool::run(std::size_t n, const std::function<void(std::size_t)>& fn) {
    auto job = std::make_shared<Job>();
    job->n = n;
    job->fn = &fn;
    const std::size_t helpers = on_worker() ? 0 : std::min(workers(), n > 0 ? n - 1 : 0);
    job->helpers_left = helpers;
    if (helpers) {
        {
            std::lock_guard lock(m_impl->mutex);
            for (std::size_t i = 0; i < helpers; ++i) m_impl->queue.push_back(job);
        }
        m_impl->wake.notify_all();
    }
    job->work();
    if (helpers) {
        // Helpers that no worker has taken yet are not needed any more: a busy pool must not
        // keep this caller waiting for them.
        std::size_t unstarted = 0;
        {
            std::lock_guard lock(m_impl->mutex);
            auto& q = m_impl->queue;
            auto end = std::remove(q.begin(), q.end(), job);
            unstarted = static_cast<std::size_t>(q.end() - end);
            q.erase(end, q.end());
        }
        std::lock_guard lock(job->mutex);
        job->helpers_left -= unstarted;
    }
    {
        std::unique_lock lock(job->mutex);
        job->done.wait(lock, [&] { return job->helpers_left == 0; });
    }
    if (job->failure) std::rethrow_exception(job->failure);
}

} // namespace wangge
