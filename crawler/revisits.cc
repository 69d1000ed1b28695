#include "crawler/revisits.h"

#include "common/utf8.h"

namespace gazette::crawler {
namespace {

std::string id_key(std::string_view record_id) {
  return "id " + std::string(trim_ascii_whitespace(record_id));
}
std::string digest_key(std::string_view digest) {
  return "digest " + ascii_lower(trim_ascii_whitespace(digest));
}

}  // namespace

void Revisits::add(const WarcRecord& revisit, std::size_t source) {
  const std::size_t index = revisits_.size();
  revisits_.push_back({revisit.header("WARC-Target-URI"), revisit.header("WARC-Date"), source});
  ++waiting_;
  if (const std::string refers_to = revisit.header("WARC-Refers-To"); !refers_to.empty()) {
    by_key_.emplace(id_key(refers_to), index);
  }
  // The digest is a fallback (Heritrix and Common Crawl do not always name the record): any
  // capture with the same payload holds the same bytes.
  if (const std::string digest = revisit.header("WARC-Payload-Digest"); !digest.empty()) {
    by_key_.emplace(digest_key(digest), index);
  }
}

std::vector<Revisits::Capture> Revisits::resolve(const WarcRecord& original) {
  std::vector<Capture> captures;
  if (waiting_ == 0) return captures;
  const auto take = [&](const std::string& key) {
    const auto [first, last] = by_key_.equal_range(key);
    for (auto it = first; it != last; ++it) {
      Revisit& revisit = revisits_[it->second];
      if (revisit.resolved) continue;
      revisit.resolved = true;
      --waiting_;
      WarcRecord capture;
      capture.version = original.version;
      capture.headers = {{"WARC-Type", original.type()},
                         {"WARC-Target-URI", revisit.target_uri},
                         {"WARC-Date", revisit.date}};
      for (const char* name : {"Content-Type", "WARC-Truncated"}) {
        if (std::string value = original.header(name); !value.empty()) {
          capture.headers.emplace_back(name, std::move(value));
        }
      }
      capture.block = original.block;
      captures.push_back({std::move(capture), revisit.source});
    }
    by_key_.erase(key);
  };
  if (const std::string id = original.header("WARC-Record-ID"); !id.empty()) take(id_key(id));
  if (const std::string digest = original.header("WARC-Payload-Digest"); !digest.empty()) {
    take(digest_key(digest));
  }
  return captures;
}

}  // namespace gazette::crawler
