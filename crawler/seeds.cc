#include "crawler/seeds.h"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "common/url.h"

namespace gazette::crawler {

std::optional<NewUrl> seed_url(std::string_view url) {
  auto normalized = normalize_url(url);
  if (!normalized) return std::nullopt;
  NewUrl u;
  u.host = url_authority(*normalized);
  u.url = std::move(*normalized);
  u.is_seed = true;
  return u;
}

Expected<std::size_t> add_seeds(const Config& config, const std::vector<std::string>& urls,
                                std::istream* lines, const std::string& lines_name) {
  constexpr std::size_t kBatch = 10000;
  std::vector<NewUrl> batch;
  for (const auto& s : urls) {
    auto seed = seed_url(s);
    if (!seed) return fail(s, "not an http(s) URL");
    batch.push_back(std::move(*seed));
  }
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) return fail(config.data_dir, ec.message());
  auto frontier =
      Frontier::open((std::filesystem::path(config.data_dir) / "crawl.sqlite").string(), false);
  if (!frontier) return tl::unexpected(frontier.error());
  std::size_t queued = 0;
  const auto flush = [&]() -> Expected<void> {
    if (batch.empty()) return {};
    if (auto ok = frontier->begin(); !ok) return ok;
    auto n = frontier->add_seeds(batch);
    if (!n) return tl::unexpected(n.error());
    queued += *n;
    batch.clear();
    return frontier->commit();
  };
  if (auto ok = flush(); !ok) return tl::unexpected(ok.error());
  if (lines != nullptr) {
    std::string line;
    std::size_t number = 0;
    while (std::getline(*lines, line)) {
      ++number;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (line.empty() || line.front() == '#') continue;
      auto seed = seed_url(line);
      if (!seed) {
        spdlog::warn("{}:{}: not an http(s) URL, skipped", lines_name, number);
        continue;
      }
      batch.push_back(std::move(*seed));
      if (batch.size() >= kBatch) {
        if (auto ok = flush(); !ok) return tl::unexpected(ok.error());
      }
    }
    if (auto ok = flush(); !ok) return tl::unexpected(ok.error());
  }
  return queued;
}

}  // namespace gazette::crawler
