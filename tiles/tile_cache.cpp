#include "tiles/tile_cache.hpp"

namespace wangge::tiles {

TileCache::TileCache(std::size_t max_bytes) : m_max(max_bytes) {}

std::shared_ptr<const CachedTile> TileCache::get(const std::string& key) {
    std::lock_guard lock(m_mutex);
    auto it = m_index.find(key);
    if (it == m_index.end()) {
        ++m_misses;
        return nullptr;
    }
    ++m_hits;
    m_order.splice(m_order.begin(), m_order, it->second);
    return it->second->second;
}

void TileCache::put(const std::string& key, std::shared_ptr<const CachedTile> tile) {
    std::lock_guard lock(m_mutex);
    if (auto it = m_index.find(key); it != m_index.end()) {
        m_bytes -= cost(*it->second);
        m_order.erase(it->second);
        m_index.erase(it);
    }
    Entry e{key, std::move(tile)};
    std::size_t c = cost(e);
    if (c > m_max) return;
    m_order.push_front(std::move(e));
    m_index[key] = m_order.begin();
    m_bytes += c;
    while (m_bytes > m_max && !m_order.empty()) {
        m_bytes -= cost(m_order.back());
        m_index.erase(m_order.back().first);
        m_order.pop_back();
    }
}

std::size_t TileCache::bytes() const {
    std::lock_guard lock(m_mutex);
    return m_bytes;
}
std::size_t TileCache::size() const {
    std::lock_guard lock(m_mutex);
    return m_order.size();
}
std::size_t TileCache::hits() const {
    std::lock_guard lock(m_mutex);
    return m_hits;
}
std::size_t TileCache::misses() const {
    std::lock_guard lock(m_mutex);
    return m_misses;
}

} // namespace wangge::tiles
