#include "crawler/frontier.h"

#include <sqlite3.h>

#include <algorithm>
#include <utility>

#include <fmt/format.h>

namespace gazette::crawler {
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS urls(
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  host TEXT NOT NULL,
  depth INTEGER NOT NULL,
  status INTEGER NOT NULL,
  is_seed INTEGER NOT NULL DEFAULT 0,
  redirect_hops INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  discovered_at INTEGER NOT NULL,
  first_seen TEXT,
  first_seen_unix INTEGER,
  published_hint TEXT,
  published_hint_source INTEGER,
  etag TEXT,
  last_modified TEXT,
  fetched_at INTEGER,
  http_status INTEGER,
  error TEXT);
CREATE INDEX IF NOT EXISTS urls_by_host ON urls(host, status, id);
CREATE TABLE IF NOT EXISTS robots(
  host TEXT PRIMARY KEY,
  http_status INTEGER NOT NULL,
  body BLOB NOT NULL,
  expires_at INTEGER NOT NULL);
)sql";

// Columns added after the first release of the schema. An older crawl.sqlite gains them on open;
// `backfill` runs once, right after the column is added.
struct AddedColumn {
  const char* name;
  const char* declaration;
  const char* backfill;
};
constexpr AddedColumn kAddedColumns[] = {
    // Sources of an older frontier were fetched again at every new crawl: they are due now.
    {"next_visit_at", "INTEGER",
     "UPDATE urls SET next_visit_at = 0 WHERE is_seed = 1 AND status IN (2, 3)"},
    {"visit_interval", "INTEGER NOT NULL DEFAULT 0", nullptr},
    {"visits", "INTEGER NOT NULL DEFAULT 0", nullptr},
    {"failures", "INTEGER NOT NULL DEFAULT 0", nullptr},
    {"content_hash", "TEXT", nullptr},
    {"revision", "INTEGER NOT NULL DEFAULT 0", nullptr},
};

std::optional<DateTime> column_date(sqlite3_stmt* s, int col) {
  if (sqlite3_column_type(s, col) == SQLITE_NULL) return std::nullopt;
  return parse_iso8601(reinterpret_cast<const char*>(sqlite3_column_text(s, col)));
}

std::string column_text(sqlite3_stmt* s, int col) {
  const auto* text = sqlite3_column_text(s, col);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(s, col))};
}

void bind_text(sqlite3_stmt* s, int col, std::string_view text) {
  sqlite3_bind_text(s, col, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void bind_optional_text(sqlite3_stmt* s, int col, std::string_view text) {
  if (text.empty()) {
    sqlite3_bind_null(s, col);
  } else {
    bind_text(s, col, text);
  }
}

void bind_date(sqlite3_stmt* s, int col, const std::optional<DateTime>& date) {
  if (date) {
    bind_text(s, col, format_iso8601(*date));
  } else {
    sqlite3_bind_null(s, col);
  }
}

}  // namespace

struct Frontier::Impl {
  std::string path;
  DbPtr db;
  StmtPtr insert, merge_evidence, claim_select, claim_update, next_due, record, release,
      requeue_seed;

  // Adds the columns an older database lacks (see kAddedColumns).
  Expected<void> migrate() {
    auto existing = text_column("SELECT name FROM pragma_table_info('urls')");
    if (!existing) return tl::unexpected(existing.error());
    for (const auto& column : kAddedColumns) {
      if (std::find(existing->begin(), existing->end(), column.name) != existing->end()) continue;
      const std::string add =
          fmt::format("ALTER TABLE urls ADD COLUMN {} {}", column.name, column.declaration);
      if (auto ok = exec(add.c_str()); !ok) return ok;
      if (column.backfill != nullptr) {
        if (auto ok = exec(column.backfill); !ok) return ok;
      }
    }
    return exec(
        "CREATE INDEX IF NOT EXISTS urls_due ON urls(next_visit_at) "
        "WHERE next_visit_at IS NOT NULL");
  }

  Error error(std::string_view what) const {
    return Error{path, std::string(what) + ": " + sqlite3_errmsg(db.get())};
  }

  Expected<void> exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db.get(), sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message != nullptr ? message : "unknown error";
      sqlite3_free(message);
      return fail(path, text);
    }
    return {};
  }

  Expected<StmtPtr> prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) !=
        SQLITE_OK) {
      return tl::unexpected(error("prepare"));
    }
    return StmtPtr(s);
  }

  // The first column of every row of a query.
  Expected<std::vector<std::string>> text_column(const char* sql) {
    auto s = prepare(sql);
    if (!s) return tl::unexpected(s.error());
    std::vector<std::string> values;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(s->get())) == SQLITE_ROW) values.push_back(column_text(s->get(), 0));
    if (rc != SQLITE_DONE) return tl::unexpected(error(sql));
    return values;
  }

  // Runs a statement that returns no rows, then resets it for the next use.
  Expected<void> step_done(sqlite3_stmt* s, std::string_view what) {
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc != SQLITE_DONE) return tl::unexpected(error(what));
    return {};
  }
};

Frontier::Frontier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Frontier::Frontier(Frontier&&) noexcept = default;
Frontier& Frontier::operator=(Frontier&&) noexcept = default;
Frontier::~Frontier() = default;

Expected<Frontier> Frontier::open(const std::string& path, bool recover) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  impl->db.reset(raw);
  if (rc != SQLITE_OK) {
    return fail(path, raw != nullptr ? sqlite3_errmsg(raw) : "cannot open database");
  }
  sqlite3_busy_timeout(raw, 10000);
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                          "PRAGMA cache_size=-16384", "PRAGMA temp_store=MEMORY", kSchema}) {
    if (auto ok = impl->exec(sql); !ok) return tl::unexpected(ok.error());
  }
  if (auto ok = impl->migrate(); !ok) return tl::unexpected(ok.error());
  if (recover) {
    if (auto ok = impl->exec("UPDATE urls SET status=0 WHERE status=1"); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  struct {
    StmtPtr* target;
    const char* sql;
  } const statements[] = {
      {&impl->insert,
       "INSERT OR IGNORE INTO urls(url, host, depth, status, is_seed, redirect_hops, "
       "discovered_at, first_seen, first_seen_unix, published_hint, published_hint_source) "
       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"},
      {&impl->merge_evidence,
       "UPDATE urls SET "
       "first_seen = CASE WHEN ?2 IS NOT NULL AND (first_seen_unix IS NULL OR ?3 < "
       "first_seen_unix) THEN ?2 ELSE first_seen END, "
       "first_seen_unix = CASE WHEN ?2 IS NOT NULL AND (first_seen_unix IS NULL OR ?3 < "
       "first_seen_unix) THEN ?3 ELSE first_seen_unix END, "
       "published_hint_source = CASE WHEN published_hint IS NULL AND ?4 IS NOT NULL THEN ?5 "
       "ELSE published_hint_source END, "
       "published_hint = coalesce(published_hint, ?4) "
       "WHERE url = ?1"},
      {&impl->claim_select,
       "SELECT id, url, host, depth, is_seed, redirect_hops, attempts, etag, last_modified, "
       "first_seen, published_hint, published_hint_source, discovered_at, visit_interval, visits, "
       "failures, content_hash, revision FROM urls WHERE host = ?1 AND status = 0 AND "
       "next_attempt_at <= ?2 ORDER BY id LIMIT ?3"},
      {&impl->claim_update, "UPDATE urls SET status = 1 WHERE id = ?1"},
      {&impl->next_due, "SELECT min(next_attempt_at) FROM urls WHERE host = ?1 AND status = 0"},
      {&impl->record,
       "UPDATE urls SET status = ?2, attempts = ?3, next_attempt_at = ?4, http_status = ?5, "
       "error = ?6, etag = coalesce(?7, etag), last_modified = coalesce(?8, last_modified), "
       "fetched_at = ?9, is_seed = CASE WHEN ?10 THEN 1 ELSE is_seed END, "
       "next_visit_at = CASE WHEN ?11 THEN ?12 ELSE next_visit_at END, "
       "visit_interval = CASE WHEN ?11 THEN ?13 ELSE visit_interval END, "
       "visits = CASE WHEN ?11 THEN ?14 ELSE visits END, "
       "failures = CASE WHEN ?11 THEN ?15 ELSE failures END, "
       "content_hash = coalesce(?16, content_hash), revision = max(revision, ?17) "
       "WHERE id = ?1"},
      {&impl->release, "UPDATE urls SET status = 0 WHERE id = ?1 AND status = 1"},
      {&impl->requeue_seed,
       "UPDATE urls SET is_seed = 1, status = CASE WHEN status = 1 THEN 1 ELSE 0 END, "
       "attempts = CASE WHEN status = 1 THEN attempts ELSE 0 END, next_attempt_at = 0, "
       "failures = 0 WHERE url = ?1"},
  };
  for (const auto& s : statements) {
    auto prepared = impl->prepare(s.sql);
    if (!prepared) return tl::unexpected(prepared.error());
    *s.target = std::move(*prepared);
  }
  return Frontier(std::move(impl));
}

Expected<void> Frontier::begin() { return impl_->exec("BEGIN IMMEDIATE"); }
Expected<void> Frontier::commit() { return impl_->exec("COMMIT"); }

Expected<std::vector<bool>> Frontier::add(const std::vector<NewUrl>& urls) {
  std::vector<bool> inserted;
  inserted.reserve(urls.size());
  const std::int64_t now_ms = now_unix_seconds() * 1000;
  sqlite3_stmt* s = impl_->insert.get();
  for (const auto& u : urls) {
    bind_text(s, 1, u.url);
    bind_text(s, 2, u.host);
    sqlite3_bind_int(s, 3, static_cast<int>(u.depth));
    sqlite3_bind_int(s, 4, static_cast<int>(u.status));
    sqlite3_bind_int(s, 5, u.is_seed ? 1 : 0);
    sqlite3_bind_int(s, 6, static_cast<int>(u.redirect_hops));
    sqlite3_bind_int64(s, 7, now_ms);
    bind_date(s, 8, u.first_seen);
    if (u.first_seen) {
      sqlite3_bind_int64(s, 9, u.first_seen->unix_seconds);
    } else {
      sqlite3_bind_null(s, 9);
    }
    bind_date(s, 10, u.published);
    sqlite3_bind_int(s, 11, static_cast<int>(u.published_source));
    if (auto ok = impl_->step_done(s, "insert url"); !ok) return tl::unexpected(ok.error());
    const bool is_new = sqlite3_changes(impl_->db.get()) > 0;
    inserted.push_back(is_new);
    if (!is_new && (u.first_seen || u.published)) {
      sqlite3_stmt* m = impl_->merge_evidence.get();
      bind_text(m, 1, u.url);
      bind_date(m, 2, u.first_seen);
      if (u.first_seen) sqlite3_bind_int64(m, 3, u.first_seen->unix_seconds);
      bind_date(m, 4, u.published);
      sqlite3_bind_int(m, 5, static_cast<int>(u.published_source));
      if (auto ok = impl_->step_done(m, "merge evidence"); !ok) return tl::unexpected(ok.error());
    }
  }
  return inserted;
}

Expected<std::size_t> Frontier::add_seeds(const std::vector<NewUrl>& urls) {
  auto inserted = add(urls);
  if (!inserted) return tl::unexpected(inserted.error());
  std::size_t queued = 0;
  for (std::size_t i = 0; i < urls.size(); ++i) {
    if ((*inserted)[i]) {
      ++queued;
      continue;
    }
    sqlite3_stmt* s = impl_->requeue_seed.get();
    bind_text(s, 1, urls[i].url);
    if (auto ok = impl_->step_done(s, "requeue seed"); !ok) return tl::unexpected(ok.error());
    queued += sqlite3_changes(impl_->db.get()) > 0 ? 1 : 0;
  }
  return queued;
}

Expected<std::vector<UrlRow>> Frontier::claim(std::string_view host, std::size_t limit,
                                              std::int64_t now_ms) {
  std::vector<UrlRow> rows;
  sqlite3_stmt* s = impl_->claim_select.get();
  bind_text(s, 1, host);
  sqlite3_bind_int64(s, 2, now_ms);
  sqlite3_bind_int64(s, 3, static_cast<sqlite3_int64>(limit));
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    UrlRow r;
    r.id = sqlite3_column_int64(s, 0);
    r.url = column_text(s, 1);
    r.host = column_text(s, 2);
    r.depth = static_cast<unsigned>(sqlite3_column_int(s, 3));
    r.is_seed = sqlite3_column_int(s, 4) != 0;
    r.redirect_hops = static_cast<unsigned>(sqlite3_column_int(s, 5));
    r.attempts = static_cast<unsigned>(sqlite3_column_int(s, 6));
    r.etag = column_text(s, 7);
    r.last_modified = column_text(s, 8);
    r.first_seen = column_date(s, 9);
    r.published = column_date(s, 10);
    r.published_source = static_cast<DateSource>(sqlite3_column_int(s, 11));
    r.discovered_at_ms = sqlite3_column_int64(s, 12);
    r.visit_interval_ms = sqlite3_column_int64(s, 13);
    r.visits = static_cast<unsigned>(sqlite3_column_int(s, 14));
    r.failures = static_cast<unsigned>(sqlite3_column_int(s, 15));
    r.content_hash = column_text(s, 16);
    r.revision = static_cast<unsigned>(sqlite3_column_int(s, 17));
    rows.push_back(std::move(r));
  }
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  if (rc != SQLITE_DONE) return tl::unexpected(impl_->error("claim"));
  for (const auto& r : rows) {
    sqlite3_bind_int64(impl_->claim_update.get(), 1, r.id);
    if (auto ok = impl_->step_done(impl_->claim_update.get(), "claim"); !ok) {
      return tl::unexpected(ok.error());
    }
  }
  return rows;
}

Expected<std::optional<std::int64_t>> Frontier::next_due(std::string_view host) {
  sqlite3_stmt* s = impl_->next_due.get();
  bind_text(s, 1, host);
  std::optional<std::int64_t> due;
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
    due = sqlite3_column_int64(s, 0);
  }
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  if (rc != SQLITE_ROW) return tl::unexpected(impl_->error("next due"));
  return due;
}

Expected<void> Frontier::record(const UrlOutcome& o) {
  sqlite3_stmt* s = impl_->record.get();
  sqlite3_bind_int64(s, 1, o.id);
  sqlite3_bind_int(s, 2, static_cast<int>(o.status));
  sqlite3_bind_int(s, 3, static_cast<int>(o.attempts));
  sqlite3_bind_int64(s, 4, o.next_attempt_at_ms);
  sqlite3_bind_int(s, 5, o.http_status);
  bind_optional_text(s, 6, o.error);
  bind_optional_text(s, 7, o.etag);
  bind_optional_text(s, 8, o.last_modified);
  sqlite3_bind_int64(s, 9, o.fetched_at_ms);
  sqlite3_bind_int(s, 10, o.hub ? 1 : 0);
  sqlite3_bind_int(s, 11, o.revisit ? 1 : 0);
  if (o.revisit) {
    if (o.revisit->next_visit_at_ms) {
      sqlite3_bind_int64(s, 12, *o.revisit->next_visit_at_ms);
    } else {
      sqlite3_bind_null(s, 12);
    }
    sqlite3_bind_int64(s, 13, o.revisit->interval_ms);
    sqlite3_bind_int(s, 14, static_cast<int>(o.revisit->visits));
    sqlite3_bind_int(s, 15, static_cast<int>(o.revisit->failures));
  }
  bind_optional_text(s, 16, o.content_hash);
  sqlite3_bind_int(s, 17, static_cast<int>(o.revision));
  return impl_->step_done(s, "record outcome");
}

Expected<void> Frontier::release(const std::vector<std::int64_t>& ids) {
  for (const auto id : ids) {
    sqlite3_bind_int64(impl_->release.get(), 1, id);
    if (auto ok = impl_->step_done(impl_->release.get(), "release"); !ok) return ok;
  }
  return {};
}

Expected<std::vector<std::string>> Frontier::seed_hosts() {
  return impl_->text_column("SELECT DISTINCT host FROM urls WHERE is_seed = 1");
}

Expected<std::vector<std::string>> Frontier::hosts_with_queued() {
  return impl_->text_column("SELECT DISTINCT host FROM urls WHERE status = 0");
}

Expected<std::map<std::string, std::uint64_t>> Frontier::url_count_by_host() {
  auto s = impl_->prepare("SELECT host, count(*) FROM urls GROUP BY host");
  if (!s) return tl::unexpected(s.error());
  std::map<std::string, std::uint64_t> counts;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(s->get())) == SQLITE_ROW) {
    counts[column_text(s->get(), 0)] =
        static_cast<std::uint64_t>(sqlite3_column_int64(s->get(), 1));
  }
  if (rc != SQLITE_DONE) return tl::unexpected(impl_->error("host counts"));
  return counts;
}

Expected<std::size_t> Frontier::requeue_due(std::int64_t now_ms) {
  auto s = impl_->prepare(
      "UPDATE urls SET status = 0, attempts = 0, next_attempt_at = 0 "
      "WHERE next_visit_at <= ?1 AND status IN (2, 3)");
  if (!s) return tl::unexpected(s.error());
  sqlite3_bind_int64(s->get(), 1, now_ms);
  if (auto ok = impl_->step_done(s->get(), "requeue due"); !ok) return tl::unexpected(ok.error());
  return static_cast<std::size_t>(sqlite3_changes(impl_->db.get()));
}

Expected<std::optional<UrlRevisit>> Frontier::revisit_of(std::string_view url) {
  auto s = impl_->prepare(
      "SELECT next_visit_at, visit_interval, visits, failures FROM urls WHERE url = ?1");
  if (!s) return tl::unexpected(s.error());
  bind_text(s->get(), 1, url);
  const int rc = sqlite3_step(s->get());
  if (rc == SQLITE_DONE) return std::optional<UrlRevisit>();
  if (rc != SQLITE_ROW) return tl::unexpected(impl_->error("revisit"));
  UrlRevisit r;
  if (sqlite3_column_type(s->get(), 0) != SQLITE_NULL) {
    r.next_visit_at_ms = sqlite3_column_int64(s->get(), 0);
  }
  r.interval_ms = sqlite3_column_int64(s->get(), 1);
  r.visits = static_cast<unsigned>(sqlite3_column_int(s->get(), 2));
  r.failures = static_cast<unsigned>(sqlite3_column_int(s->get(), 3));
  return std::optional<UrlRevisit>(r);
}

Expected<std::optional<RobotsRecord>> Frontier::robots(std::string_view host) {
  auto s = impl_->prepare("SELECT http_status, body, expires_at FROM robots WHERE host = ?1");
  if (!s) return tl::unexpected(s.error());
  bind_text(s->get(), 1, host);
  const int rc = sqlite3_step(s->get());
  if (rc == SQLITE_DONE) return std::optional<RobotsRecord>();
  if (rc != SQLITE_ROW) return tl::unexpected(impl_->error("robots"));
  RobotsRecord r;
  r.http_status = sqlite3_column_int(s->get(), 0);
  const auto* blob = static_cast<const char*>(sqlite3_column_blob(s->get(), 1));
  r.body.assign(blob != nullptr ? blob : "",
                static_cast<std::size_t>(sqlite3_column_bytes(s->get(), 1)));
  r.expires_at_ms = sqlite3_column_int64(s->get(), 2);
  return std::optional<RobotsRecord>(std::move(r));
}

Expected<void> Frontier::store_robots(std::string_view host, const RobotsRecord& record) {
  auto s = impl_->prepare("INSERT OR REPLACE INTO robots VALUES(?1, ?2, ?3, ?4)");
  if (!s) return tl::unexpected(s.error());
  bind_text(s->get(), 1, host);
  sqlite3_bind_int(s->get(), 2, record.http_status);
  sqlite3_bind_blob(s->get(), 3, record.body.data(), static_cast<int>(record.body.size()),
                    SQLITE_TRANSIENT);
  sqlite3_bind_int64(s->get(), 4, record.expires_at_ms);
  return impl_->step_done(s->get(), "store robots");
}

Expected<FrontierCounts> Frontier::counts() {
  auto s = impl_->prepare("SELECT status, count(*) FROM urls GROUP BY status");
  if (!s) return tl::unexpected(s.error());
  FrontierCounts c;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(s->get())) == SQLITE_ROW) {
    const auto n = static_cast<std::uint64_t>(sqlite3_column_int64(s->get(), 1));
    switch (static_cast<UrlStatus>(sqlite3_column_int(s->get(), 0))) {
      case UrlStatus::kQueued:
        c.queued = n;
        break;
      case UrlStatus::kInFlight:
        c.in_flight = n;
        break;
      case UrlStatus::kDone:
        c.done = n;
        break;
      case UrlStatus::kFailed:
        c.failed = n;
        break;
      case UrlStatus::kDisallowed:
        c.disallowed = n;
        break;
    }
  }
  if (rc != SQLITE_DONE) return tl::unexpected(impl_->error("counts"));
  return c;
}

}  // namespace gazette::crawler
