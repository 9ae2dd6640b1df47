// The `wangge` command: starts the program that does the work, wangge-core beside it, with
// glibc's malloc asking for transparent huge pages where the kernel gives them only on request
// (geo/huge_pages.hpp). glibc reads that setting only as a program starts, and wangge-core loads
// a hundred-odd libraries before its main runs (0.12 s): set here, in a program that loads none
// of them, it costs no second start.

#include "geo/huge_pages.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include <unistd.h>

namespace {

/// wangge-core in the folder of this program's file.
std::string core_beside_this() {
    std::string self(4096, '\0');
    const ssize_t n = readlink("/proc/self/exe", self.data(), self.size());
    if (n <= 0 || static_cast<std::size_t>(n) >= self.size()) return "wangge-core";
    self.resize(static_cast<std::size_t>(n));
    const std::size_t slash = self.rfind('/');
    return (slash == std::string::npos ? std::string() : self.substr(0, slash + 1)) + "wangge-core";
}

} // namespace

int main(int, char** argv) {
    wangge::ask_for_huge_page_heap();
    const std::string core = core_beside_this();
    execv(core.c_str(), argv);
    std::fprintf(stderr, "wangge: cannot start %s: %s\n", core.c_str(), std::strerror(errno));
    return 127;
}
