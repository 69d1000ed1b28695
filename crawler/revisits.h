// WARC revisit records: a capture whose payload the file does not repeat (wget --warc-dedup,
// Heritrix, Common Crawl write them when a URL's content is unchanged, or is that of another
// URL). Replay resolves each to the record it refers to, when that record is among the files it
// reads: WARC-Refers-To names it, or else its WARC-Payload-Digest matches the revisit's.
// The resolved capture is the original record under the revisit's target URI and date, so the
// page is analysed as it was served then (a new fetch of the same bytes).
//
// Only the revisits' few header fields are kept, never a payload: replay meets an original after
// its revisits (records in any order), or before them, in which case it reads the files again for
// the originals still wanted (crawler/replay.cc).
//
// Not thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "crawler/warc_reader.h"

namespace gazette::crawler {

class Revisits {
 public:
  // A resolved revisit: the original record under the revisit's target URI and date.
  struct Capture {
    WarcRecord record;
    std::size_t source = 0;  // as given to add()
  };

  // Keeps `revisit` (a record of WARC-Type revisit) until its original is met; `source` is handed
  // back with its capture (replay's index of the file that holds it).
  void add(const WarcRecord& revisit, std::size_t source);

  // The captures that `original` (a response or resource record) resolves: one for each revisit
  // still waiting that refers to it. Each revisit resolves once.
  [[nodiscard]] std::vector<Capture> resolve(const WarcRecord& original);

  // Whether any revisit is still waiting for its original.
  [[nodiscard]] bool waiting() const { return waiting_ > 0; }
  [[nodiscard]] std::size_t waiting_count() const { return waiting_; }

 private:
  struct Revisit {
    std::string target_uri;
    std::string date;
    std::size_t source = 0;
    bool resolved = false;
  };
  std::vector<Revisit> revisits_;
  // "id " + WARC-Refers-To, "digest " + WARC-Payload-Digest (lower-cased) -> revisits_ index
  std::unordered_multimap<std::string, std::size_t> by_key_;
  std::size_t waiting_ = 0;
};

}  // namespace gazette::crawler
