// A deadline for the matcher. Xapian 1.4 cannot end a match early (Enquire::set_time_limit only
// stops honouring check_at_least), so a query that reads millions of postings would hold its
// thread for as long as they take. SearchDeadline is a posting source that matches every
// document until its deadline, then ends; a query filtered by it (OP_FILTER) therefore stops at
// the deadline, and the matcher returns the best documents it has seen so far.
// Local databases only: a posting source is not sent to remote shards, whose every operation is
// bounded by query.shard_timeout_ms instead.
// Not thread-safe; the matcher's clones (one per shard) share the `expired` flag.
#pragma once

#include <chrono>
#include <memory>

#include <xapian.h>

namespace gazette::query {

class SearchDeadline : public Xapian::PostingSource {
 public:
  using Clock = std::chrono::steady_clock;

  SearchDeadline(Clock::time_point deadline, std::shared_ptr<bool> expired)
      : deadline_(deadline), expired_(std::move(expired)) {}

  // Whether a match this source took part in was cut short.
  [[nodiscard]] bool expired() const { return *expired_; }

  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return doccount_; }
  Xapian::doccount get_termfreq_est() const override { return doccount_; }
  Xapian::doccount get_termfreq_max() const override { return doccount_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return did_ > last_ || *expired_; }
  Xapian::docid get_docid() const override { return did_; }
  SearchDeadline* clone() const override { return new SearchDeadline(deadline_, expired_); }

 private:
  // Reads the clock every this many moves: a read costs about as much as decoding a few postings.
  static constexpr unsigned kCheckEvery = 64;
  void end_if_past_deadline();

  Clock::time_point deadline_;
  std::shared_ptr<bool> expired_;
  Xapian::docid did_ = 0;
  Xapian::docid last_ = 0;
  Xapian::doccount doccount_ = 0;
  unsigned moves_ = 0;
};

}  // namespace gazette::query
