#pragma once

// Drawn tiles kept in memory, least recently used first out, bounded in bytes. The key names
// everything a tile depends on — layer, z/x/y, scale, format, period, indicator and the results'
// version — so that new results are never answered from old tiles. Thread-safe.

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace wangge::tiles {

/// A drawn tile as served: its bytes (gzip-compressed too for MVT) and an entity tag.
struct CachedTile {
    std::string body;
    std::string gzip; ///< empty when the format is not compressed
    std::string etag;
};

class TileCache {
public:
    explicit TileCache(std::size_t max_bytes);

    std::shared_ptr<const CachedTile> get(const std::string& key);
    void put(const std::string& key, std::shared_ptr<const CachedTile> tile);

    std::size_t bytes() const;
    std::size_t size() const;
    std::size_t hits() const;
    std::size_t misses() const;

private:
    using Entry = std::pair<std::string, std::shared_ptr<const CachedTile>>;
    static std::size_t cost(const Entry& e) {
        return e.first.size() + e.second->body.size() + e.second->gzip.size() + 64;
    }

    std::size_t m_max;
    mutable std::mutex m_mutex;
    std::list<Entry> m_order; // most recent first
    std::unordered_map<std::string, std::list<Entry>::iterator> m_index;
    std::size_t m_bytes = 0, m_hits = 0, m_misses = 0;
};

} // namespace wangge::tiles
