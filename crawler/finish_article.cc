#include "crawler/finish_article.h"

namespace gazette::crawler {

bool finish_article(Article& a, const UrlEvidence& evidence,
                    const std::optional<PreviousVersion>& previous, const DateTime& fetched) {
  if (evidence.first_seen &&
      (!a.first_seen || evidence.first_seen->unix_seconds < a.first_seen->unix_seconds)) {
    a.first_seen = evidence.first_seen;
  }
  if (!a.published && evidence.published) {
    a.published = evidence.published;
    a.published_source = evidence.published_source;
  }
  if (!previous) return true;
  if (!previous->content_hash.empty() && a.content_hash == previous->content_hash) return false;
  a.revision = previous->revision + 1;
  if (a.revision > 1 && !a.modified) a.modified = fetched;
  return true;
}

}  // namespace gazette::crawler
