#include "crawler/finish_article.h"

#include <optional>

#include <gtest/gtest.h>

namespace gazette::crawler {
namespace {

std::optional<DateTime> at(std::int64_t seconds) {
  if (seconds == 0) return std::nullopt;
  return DateTime{seconds, 0};
}

TEST(FinishArticle, Table) {
  const DateTime fetched{5000, 0};
  struct Row {
    const char* name;
    // Extracted from the page.
    std::int64_t page_first_seen = 0;
    std::int64_t page_published = 0;
    std::int64_t page_modified = 0;
    // What the crawl knew.
    std::int64_t first_seen = 0;
    std::int64_t published = 0;
    bool crawl = true;  // false: replay, no previous version known
    const char* previous_hash = "";
    unsigned previous_revision = 0;
    // Expected.
    bool want_written = true;
    std::int64_t want_first_seen = 0;
    std::int64_t want_published = 0;
    DateSource want_source = DateSource::kNone;
    unsigned want_revision = 0;
    std::int64_t want_modified = 0;
  };
  const Row rows[] = {
      {.name = "first version", .want_revision = 1},
      {.name = "feed dates fill in",
       .first_seen = 100,
       .published = 90,
       .want_first_seen = 100,
       .want_published = 90,
       .want_source = DateSource::kFeed,
       .want_revision = 1},
      {.name = "the page's own publication date wins",
       .page_published = 95,
       .published = 90,
       .want_published = 95,
       .want_source = DateSource::kJsonLd,
       .want_revision = 1},
      {.name = "the earliest first_seen wins",
       .page_first_seen = 80,
       .first_seen = 100,
       .want_first_seen = 80,
       .want_revision = 1},
      {.name = "an earlier first_seen from the crawl",
       .page_first_seen = 120,
       .first_seen = 100,
       .want_first_seen = 100,
       .want_revision = 1},
      {.name = "changed text: a new revision, modified when fetched",
       .previous_hash = "old",
       .previous_revision = 1,
       .want_revision = 2,
       .want_modified = 5000},
      {.name = "changed text with its own modified date",
       .page_modified = 4000,
       .previous_hash = "old",
       .previous_revision = 2,
       .want_revision = 3,
       .want_modified = 4000},
      {.name = "same text: nothing to write",
       .previous_hash = "hash",
       .previous_revision = 1,
       .want_written = false},
      {.name = "replay: no revision", .first_seen = 100, .crawl = false, .want_first_seen = 100},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.name);
    Article a;
    a.content_hash = "hash";
    a.first_seen = at(r.page_first_seen);
    a.published = at(r.page_published);
    if (a.published) a.published_source = DateSource::kJsonLd;
    a.modified = at(r.page_modified);
    UrlEvidence evidence;
    evidence.first_seen = at(r.first_seen);
    evidence.published = at(r.published);
    if (evidence.published) evidence.published_source = DateSource::kFeed;
    std::optional<PreviousVersion> previous;
    if (r.crawl) previous = PreviousVersion{r.previous_hash, r.previous_revision};

    EXPECT_EQ(finish_article(a, evidence, previous, fetched), r.want_written);
    if (!r.want_written) continue;
    EXPECT_EQ(a.first_seen, at(r.want_first_seen));
    EXPECT_EQ(a.published, at(r.want_published));
    EXPECT_EQ(a.published_source, r.want_source);
    EXPECT_EQ(a.revision, r.want_revision);
    EXPECT_EQ(a.modified, at(r.want_modified));
  }
}

}  // namespace
}  // namespace gazette::crawler
