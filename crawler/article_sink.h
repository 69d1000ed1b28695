// Appends article records (JSON Lines) under <data>/articles/ so that the indexer never sees a
// torn line, whatever happens to the crawler:
//  - lines go to "<name>.jsonl.part", each with one write() on an O_APPEND descriptor;
//  - the part file is renamed to "<name>.jsonl" when it is closed (or the sink destroyed, even
//    after a failed write) or grows past the rotation size, cut back first to the lines written
//    whole, so every *.jsonl the indexer reads is complete even when the disk filled up mid-line;
//  - opening a sink finishes what a killed crawler left: each leftover *.jsonl.part is cut after
//    its last newline (a line torn by the kill is dropped; that page is fetched again because
//    its URL was not yet marked done) and renamed to *.jsonl.
//
// Thread-safety: write() may be called from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/article.h"
#include "common/error.h"

namespace gazette::crawler {

struct ArticleSinkOptions {
  std::string directory;         // created when missing
  std::string prefix = "crawl";  // file names: <prefix>-<UTC time>-<pid>-<n>.jsonl
  std::uint64_t rotate_bytes = std::uint64_t{64} << 20;
};

class ArticleSink {
 public:
  // Creates the directory, recovers leftover part files (see above) and opens a new part file.
  [[nodiscard]] static Expected<std::unique_ptr<ArticleSink>> open(ArticleSinkOptions options);
  // Closes and publishes the part file (errors are logged).
  ~ArticleSink();
  ArticleSink(const ArticleSink&) = delete;
  ArticleSink& operator=(const ArticleSink&) = delete;

  [[nodiscard]] Expected<void> write(const Article& article);
  // Publishes the current part file now; later writes start a new one.
  [[nodiscard]] Expected<void> close();

  [[nodiscard]] std::uint64_t written() const;
  // The *.jsonl files published so far by this sink (and by the recovery on open).
  [[nodiscard]] std::vector<std::string> published() const;

 private:
  struct Impl;
  explicit ArticleSink(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Cuts a part file after its last newline and renames it to *.jsonl (the recovery above);
// returns the published path. Exposed for tests.
[[nodiscard]] Expected<std::string> recover_part_file(const std::string& part_path);

}  // namespace gazette::crawler
