#include "crawler/page_outcome.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "common/url.h"

namespace gazette::crawler {
namespace {

bool is_transient_status(int status) {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

void count_article(const PageWork& work, HostCounts& counts) {
  if (work.article_written) {
    ++counts.articles;
    if (work.revision > 1) ++counts.revised;
  }
  if (work.article_unchanged) ++counts.unchanged;
}

// The target of a redirect of `row`, or why it is not followed (an error note in `o`).
std::optional<NewUrl> redirect_target(const FetchResult& f, const UrlRow& row,
                                      const CrawlConfig& config, const CrawlScope& scope,
                                      UrlOutcome& o) {
  const auto target = f.location.empty() ? std::nullopt : resolve_url(f.url, f.location);
  if (!target) {
    o.status = UrlStatus::kFailed;
    o.error = fmt::format("redirect without a usable Location: \"{}\"", f.location);
    return std::nullopt;
  }
  if (row.redirect_hops + 1 > config.max_redirects) {
    o.status = UrlStatus::kFailed;
    o.error = fmt::format("more than {} redirects (last to {})", config.max_redirects, *target);
    return std::nullopt;
  }
  if (!scope.is_seed_site(url_authority(*target))) {
    o.error = fmt::format("redirect to another site, not followed: {}", *target);
    return std::nullopt;
  }
  o.error = "redirect to " + *target;  // a note, not a failure: the row is done
  NewUrl u;
  u.url = *target;
  u.host = url_authority(*target);
  u.depth = row.depth;
  u.is_seed = row.is_seed;
  u.redirect_hops = row.redirect_hops + 1;
  u.first_seen = row.first_seen;
  u.published = row.published;
  u.published_source = row.published_source;
  return u;
}

}  // namespace

bool is_page_response(std::string_view url, int http_status, bool complete) {
  return complete && http_status == 200 && url_path_and_query(url) != "/robots.txt";
}

PageActions page_outcome(const FetchResult& f, const UrlRow& row, PageWork work,
                         const CrawlConfig& config, const CrawlScope& scope, std::int64_t now_ms) {
  PageActions out;
  UrlOutcome& o = out.record;
  o.id = row.id;
  o.attempts = row.attempts + 1;
  o.http_status = f.http_status;
  o.fetched_at_ms = f.fetched_at_unix_ms;
  o.status = UrlStatus::kDone;
  out.counts.fetched = 1;
  out.article_page = work.article_written || work.article_unchanged || !row.content_hash.empty();
  bool transient = false;
  if (f.error != FetchError::kNone) {
    o.error = fmt::format("{}: {}", to_string(f.error), f.error_text);
    transient = f.error == FetchError::kTimeout || f.error == FetchError::kConnect ||
                f.error == FetchError::kNetwork;
    if (!transient) o.status = UrlStatus::kFailed;
  } else if (f.http_status == 200 && !work.error.empty()) {
    o.error = std::move(work.error);
    o.status = UrlStatus::kFailed;
  } else if (f.http_status == 200) {
    o.etag = f.etag;
    o.last_modified = f.last_modified;
    o.hub = work.is_discovery;
    out.enqueue = std::move(work.links);
    if (!work.canonical_url.empty() && scope.is_seed_site(url_authority(work.canonical_url))) {
      // Known under its canonical address, so a link to that address is not fetched again.
      NewUrl u;
      u.url = work.canonical_url;
      u.host = url_authority(work.canonical_url);
      u.depth = row.depth;
      u.status = UrlStatus::kDone;
      out.enqueue.push_back(std::move(u));
    }
    if (work.article_written) {
      o.content_hash = work.content_hash;
      o.revision = work.revision;
    }
    count_article(work, out.counts);
  } else if (f.http_status == 304) {
    ++out.counts.not_modified;
  } else if (is_redirect(f.http_status)) {
    if (auto target = redirect_target(f, row, config, scope, o)) {
      out.enqueue.push_back(std::move(*target));
    }
  } else {
    o.error = fmt::format("HTTP {}", f.http_status);
    transient = is_transient_status(f.http_status);
    if (!transient) o.status = UrlStatus::kFailed;
  }
  if (transient) {
    if (row.attempts + 1 <= config.retries) {
      o.status = UrlStatus::kQueued;
      std::int64_t wait = static_cast<std::int64_t>(config.retry_backoff_seconds * 1000.0)
                          << std::min(row.attempts, 20u);
      if (f.retry_after_seconds) {
        wait = std::min<std::int64_t>(*f.retry_after_seconds, 86400) * 1000;
      }
      o.next_attempt_at_ms = now_ms + wait;
      ++out.counts.retried;
    } else {
      o.status = UrlStatus::kFailed;
    }
  }
  if (o.status == UrlStatus::kFailed) ++out.counts.errors;
  return out;
}

}  // namespace gazette::crawler
