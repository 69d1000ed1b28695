// Which heading on a page is the article's headline: the h1-h3 whose words best match what the
// page says its title is (<title>, og:title, JSON-LD headline). Blog and news templates often
// put the site's name in the h1 and the post title in an h2/h3; this finds the latter, so the
// title and the place where the article starts are both known.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/html_dom.h"

namespace gazette::extract {

struct Headline {
  std::int32_t element = -1;  // the heading element, -1 when no heading matches well enough
  std::string text;           // its text, whitespace collapsed
  double match = 0;           // title_match() against the best of the titles, 0..1
};

// A heading matches when title_match() reaches this.
inline constexpr double kHeadlineMinMatch = 0.5;

// The lower-cased words of `text` (runs of ASCII letters and digits and non-ASCII bytes).
[[nodiscard]] std::vector<std::string> lower_words(std::string_view text);

// How well a heading's text matches a title: distinct words in common divided by the distinct
// words of the longer of the two (1 = the same words; "Site" against "Site: Post title" is low).
[[nodiscard]] double title_match(std::string_view heading, std::string_view title);

// The h1-h3 (outside footers, navigation, asides, comments) that best matches one of `titles`
// (empty ones are ignored); earlier and higher-level headings win ties. Returns element -1 when
// none reaches kHeadlineMinMatch.
[[nodiscard]] Headline find_headline(const Document& doc,
                                     const std::vector<std::string_view>& titles);

}  // namespace gazette::extract
