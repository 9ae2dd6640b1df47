#include "layers/pg_uri.hpp"

#include "geo/error.hpp"
#include "layers/store.hpp"

namespace wangge::layers {
namespace {

bool plain_identifier(const std::string& s) {
    if (s.empty() || s.size() > 63 || !(std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_'))
        return false;
    for (char c : s)
        if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
              c == '_'))
            return false;
    return true;
}

} // namespace

bool is_postgis_uri(std::string_view uri) {
    return uri.starts_with("postgresql://") || uri.starts_with("postgres://");
}

std::string redact_uri(const std::string& uri) {
    if (!is_postgis_uri(uri)) return uri;
    std::string out = uri;
    // user:password@ before the path
    std::size_t scheme = out.find("://") + 3;
    std::size_t at = out.find('@', scheme);
    std::size_t slash = out.find('/', scheme);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
        std::size_t colon = out.find(':', scheme);
        if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
    // ?password=… among the parameters
    for (const char* key : {"?password=", "&password="}) {
        std::size_t p = out.find(key);
        if (p == std::string::npos) continue;
        std::size_t v = p + std::char_traits<char>::length(key);
        std::size_t end = out.find('&', v);
        out.replace(v, (end == std::string::npos ? out.size() : end) - v, "***");
    }
    return out;
}

PgUri parse_pg_uri(const std::string& uri) {
    PgUri out;
    out.schema = "wangge";
    out.redacted = redact_uri(uri);
    std::size_t q = uri.find('?');
    if (q == std::string::npos) {
        out.conninfo = uri;
        return out;
    }
    std::string kept;
    std::size_t start = q + 1;
    while (start <= uri.size()) {
        std::size_t end = uri.find('&', start);
        if (end == std::string::npos) end = uri.size();
        std::string param = uri.substr(start, end - start);
        if (param.rfind("schema=", 0) == 0) {
            out.schema = param.substr(7);
            if (!plain_identifier(out.schema))
                throw UsageError(out.redacted + ": schema '" + out.schema +
                                 "' is not a plain lower-case SQL name (letters, digits, _)");
        } else if (!param.empty()) {
            kept += (kept.empty() ? "?" : "&") + param;
        }
        start = end + 1;
    }
    out.conninfo = uri.substr(0, q) + kept;
    return out;
}

} // namespace wangge::layers
