#include "layers/temp_files.hpp"

#include "geo/error.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace wangge::layers {
namespace {

constexpr int slot_count = 64;
constexpr std::size_t max_path = 4096;

// Each slot holds a heap copy of a path, or null. The signal handler only reads the pointers
// and calls unlink(), which is async-signal-safe.
std::atomic<char*> slots[slot_count];

constexpr const char* side_suffixes[] = {"", "-journal", "-wal", "-shm"};

void unlink_with_side_files(const char* path) noexcept {
    char buf[max_path + 16];
    std::size_t n = std::strlen(path);
    if (n >= max_path) return;
    for (const char* suffix : side_suffixes) {
        std::memcpy(buf, path, n);
        std::size_t m = std::strlen(suffix);
        std::memcpy(buf + n, suffix, m + 1);
        ::unlink(buf);
    }
}

extern "C" void on_signal(int sig) {
    for (auto& slot : slots)
        if (char* p = slot.load()) unlink_with_side_files(p);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

} // namespace

std::string temp_dir() {
    const char* dir = std::getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

std::string make_temp_file(const std::string& prefix, const std::string& suffix, const std::string& what) {
    const std::string dir = temp_dir();
    std::string path = dir + "/" + prefix + "-XXXXXX" + suffix;
    const int fd = ::mkstemps(path.data(), static_cast<int>(suffix.size()));
    if (fd < 0)
        throw BackendError("cannot create a temporary file for " + what + " in " + dir + ": " +
                           std::strerror(errno) + " (set TMPDIR to a writable folder)");
    ::close(fd);
    return path;
}

TempFileGuard::TempFileGuard(const std::string& path) {
    if (path.size() >= max_path) return;
    char* copy = new char[path.size() + 1];
    std::memcpy(copy, path.c_str(), path.size() + 1);
    for (int i = 0; i < slot_count; ++i) {
        char* expected = nullptr;
        if (slots[i].compare_exchange_strong(expected, copy)) {
            m_slot = i;
            return;
        }
    }
    delete[] copy;
}

TempFileGuard::~TempFileGuard() {
    if (m_slot >= 0) delete[] slots[m_slot].exchange(nullptr);
}

void remove_temporaries_on_signals() {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

void remove_with_side_files(const std::string& path) noexcept {
    unlink_with_side_files(path.c_str());
}

} // namespace wangge::layers
