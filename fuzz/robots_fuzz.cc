// robots.txt (crawler/robots.h). Input: three paths, one per line, then the robots.txt body.
// Properties: decisions are stable (the same path asked twice, and the same body parsed twice,
// give the same answers), /robots.txt is always allowed, and Crawl-delay stays within 0..1 day.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crawler/robots.h"
#include "fuzz/fuzz_support.h"

using gazette::crawler::RobotsRules;
using gazette::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body = gazette::fuzz::as_view(data, size);
  std::array<std::string, 4> paths;
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string_view line = gazette::fuzz::take_line(body);
    paths[i] = line.starts_with('/') ? std::string(line) : "/" + std::string(line);
  }
  paths[3] = "/robots.txt";

  const RobotsRules rules = RobotsRules::parse(body, "gazette");
  const RobotsRules again = RobotsRules::parse(body, "gazette");
  for (const auto& path : paths) {
    const bool allowed = rules.allowed(path);
    require(rules.allowed(path) == allowed, "the same path gets the same answer");
    require(again.allowed(path) == allowed, "parsing the same body gives the same decisions");
  }
  require(rules.allowed("/robots.txt"), "/robots.txt is always allowed");
  require(rules.crawl_delay() == again.crawl_delay(), "the same Crawl-delay");
  require(rules.sitemaps() == again.sitemaps(), "the same sitemaps");
  if (const auto delay = rules.crawl_delay()) {
    require(*delay >= std::chrono::milliseconds(0) && *delay <= std::chrono::hours(24),
            "Crawl-delay is within 0..1 day");
  }
  return 0;
}
