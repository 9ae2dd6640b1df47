#pragma once

#include <string>
#include <string_view>

namespace wangge::tiles {

/// gzip (RFC 1952) of `bytes` with zlib: what MBTiles stores for `pbf` and what a server sends
/// with Content-Encoding: gzip.
std::string gzip(std::string_view bytes);
/// The inverse; throws BackendError on data that is not gzip.
std::string gunzip(std::string_view bytes);

} // namespace wangge::tiles
