// The HTML prefilter (extract/html_prefilter.h). Input: one byte choosing the depth cap, then the
// page. Properties: the output is bounded by the input, valid UTF-8 stays valid UTF-8, every
// <a href> handed back points into the input, and a generous depth cap drops nothing that a
// smaller one keeps.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/utf8.h"
#include "extract/html_prefilter.h"
#include "fuzz/fuzz_support.h"

using gazette::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  gazette::extract::PrefilterOptions options;
  options.max_depth = data[0] % 16;
  const std::string_view html = gazette::fuzz::as_view(data + 1, size - 1);

  gazette::extract::PrefilterStats stats;
  const std::string out = gazette::extract::prefilter_html(html, options, &stats);
  // Attribute values gain quotes (`a=b` -> `a="b"`) and a hiding style becomes ` hidden`, so the
  // output may grow a little; never more than twice.
  require(out.size() <= 2 * html.size() + 16, "the output is at most twice the input");
  if (!gazette::first_invalid_utf8(html)) {
    gazette::fuzz::require_utf8(out, "prefiltered page");
  }
  const auto inside = [&](std::string_view v) {
    return std::less_equal<>()(html.data(), v.data()) &&
           std::less_equal<>()(v.data() + v.size(), html.data() + html.size());
  };
  // A valueless href (`<a href>`) is an empty view, which may point anywhere.
  for (const auto href : stats.a_hrefs) {
    require(href.empty() || inside(href), "an <a href> is a view of the input");
  }

  gazette::extract::PrefilterStats deep_stats;
  (void)gazette::extract::prefilter_html(html, {.max_depth = 4096}, &deep_stats);
  require(deep_stats.dropped_deep_tags <= stats.dropped_deep_tags,
          "a deeper cap drops no more tags");
  return 0;
}
