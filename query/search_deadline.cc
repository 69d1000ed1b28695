#include "query/search_deadline.h"

namespace gazette::query {

void SearchDeadline::init(const Xapian::Database& db) {
  did_ = 0;
  last_ = db.get_lastdocid();
  doccount_ = db.get_doccount();
  moves_ = 0;
}

void SearchDeadline::next(double /*min_wt*/) {
  ++did_;
  end_if_past_deadline();
}

void SearchDeadline::skip_to(Xapian::docid did, double /*min_wt*/) {
  if (did > did_) did_ = did;
  end_if_past_deadline();
}

void SearchDeadline::end_if_past_deadline() {
  if (moves_++ % kCheckEvery == 0 && Clock::now() >= deadline_) *expired_ = true;
}

}  // namespace gazette::query
