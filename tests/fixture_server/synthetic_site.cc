#include "tests/fixture_server/synthetic_site.h"

#include <array>
#include <cstdint>

#include <fmt/format.h>

#include "common/hash.h"
#include "common/time.h"

namespace gazette::fixture {
namespace {

constexpr std::array<std::string_view, 5> kSections = {"world", "business", "science", "culture",
                                                       "sport"};
constexpr std::size_t kPerFront = 50;      // articles listed on one section front page
constexpr std::size_t kOnHome = 30;        // newest articles listed on the home page
constexpr std::size_t kInFeed = 20;        // items in /feed.xml
constexpr std::size_t kInSitemap = 50000;  // the sitemap protocol's limit per file

constexpr std::array<std::string_view, 96> kWords = {
    "council",   "harbour",  "budget",     "river",   "school",    "bridge",    "market",
    "minister",  "storm",    "festival",   "railway", "museum",    "farmers",   "election",
    "hospital",  "library",  "ferry",      "tram",    "factory",   "workers",   "union",
    "mayor",     "district", "coast",      "village", "tourists",  "prices",    "energy",
    "solar",     "wind",     "water",      "housing", "rents",     "students",  "teachers",
    "court",     "judge",    "police",     "fire",    "station",   "airport",   "flights",
    "weather",   "rain",     "snow",       "harvest", "fishing",   "boats",     "league",
    "season",    "coach",    "players",    "stadium", "concert",   "theatre",   "artists",
    "report",    "study",    "scientists", "survey",  "residents", "plans",     "project",
    "approved",  "rejected", "delayed",    "opened",  "closed",    "announced", "expected",
    "yesterday", "today",    "tomorrow",   "last",    "week",      "month",     "year",
    "after",     "before",   "during",     "despite", "because",   "while",     "although",
    "the",       "a",        "new",        "old",     "local",     "regional",  "national",
    "small",     "large",    "public",     "private", "early"};

constexpr std::array<std::string_view, 8> kAuthors = {
    "Mara Lindqvist",   "Tomas Okafor", "Ines Haddad",   "Pavel Moreau",
    "Lena Brightwater", "Ravi Castell", "Yuki Andersen", "Solene Varga"};

// Deterministic pseudo-random numbers (splitmix64) seeded from the host and path.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix64(state_);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_;
};

std::string sentence(Random& rng) {
  const std::size_t length = 8 + rng.below(13);
  std::string out;
  for (std::size_t i = 0; i < length; ++i) {
    std::string_view word = kWords[rng.below(kWords.size())];
    if (i == 0) {
      out += static_cast<char>(word[0] - 'a' + 'A');
      out += word.substr(1);
    } else {
      out += ' ';
      out += word;
    }
  }
  out += '.';
  return out;
}

std::string title_for(std::size_t index) {
  Random rng(mix64(index + 1));
  std::string title = sentence(rng);
  title.pop_back();  // no full stop in headlines
  return title;
}

DateTime date_of(std::size_t index) {
  // Newest first: article 0 is the most recent, one article every three hours before it.
  const std::int64_t newest = *unix_seconds_of(2025, 11, 20) + std::int64_t{18} * 3600;
  return DateTime{newest - static_cast<std::int64_t>(index) * 3 * 3600, 60};
}

std::string_view section_of(std::size_t index) { return kSections[index % kSections.size()]; }

bool valid_host(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (char c : host) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' ||
          c == '[' || c == ']')) {
      return false;
    }
  }
  return true;
}

std::string site_name(std::string_view host) {
  const std::string_view first = host.substr(0, host.find_first_of(".:"));
  std::string name(first);
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 32);
  return name + " Courier";
}

std::string page_head(std::string_view title, std::string_view site, std::string_view extra) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>{} | {}</title>\n<meta name=\"viewport\" content=\"width=device-width\">\n"
      "<meta property=\"og:site_name\" content=\"{}\">\n"
      "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"{}\" href=\"/feed.xml\">\n"
      "<link rel=\"stylesheet\" href=\"/static/site.css\">\n{}</head>\n",
      title, site, site, site, extra);
}

std::string page_top(std::string_view site) {
  std::string nav;
  for (std::string_view section : kSections) {
    nav += fmt::format("<li><a href=\"/{}/\">{}{}</a></li>", section,
                       static_cast<char>(section[0] - 32), section.substr(1));
  }
  return fmt::format(
      "<body id=\"top\">\n<div class=\"cookie-banner\">We use cookies to remember your "
      "preferences and to count visits. <button>Accept all</button> <button>Settings</button>"
      "</div>\n<header class=\"masthead\"><a class=\"logo\" href=\"/\">{}</a>\n"
      "<nav class=\"sections\"><ul>{}</ul></nav>\n<form class=\"search\" action=\"/search/\">"
      "<input name=\"q\" placeholder=\"Search\"></form></header>\n",
      site, nav);
}

std::string page_bottom(std::string_view site) {
  return fmt::format(
      "<div class=\"newsletter\"><h3>The morning briefing</h3><p>The five stories you need, in "
      "your inbox before breakfast.</p><input type=\"email\" placeholder=\"Your e-mail\">"
      "<button>Subscribe</button></div>\n<footer><p>&copy; 2025 {}. All rights reserved.</p>"
      "<ul><li><a href=\"/about.html\">About us</a></li><li><a href=\"/private/staff.html\">"
      "Staff area</a></li><li><a href=\"/feed.xml\">RSS</a></li></ul>"
      "<a class=\"to-top\" href=\"#top\">Scroll to Top</a></footer>\n</body>\n</html>\n",
      site);
}

std::string article_link(std::size_t index) {
  return fmt::format("<li><a href=\"{}\">{}</a></li>", synthetic_article_path(index),
                     title_for(index));
}

SiteResponse html(std::string body) {
  return SiteResponse{200, "text/html; charset=utf-8", std::move(body)};
}

SiteResponse article_page(std::string_view host, std::size_t index, std::size_t articles) {
  const std::string site = site_name(host);
  const std::string title = title_for(index);
  const std::string path = synthetic_article_path(index);
  const std::string published = format_iso8601(date_of(index));
  Random rng(fnv1a64(path, fnv1a64(host)));
  const std::string_view author = kAuthors[rng.below(kAuthors.size())];

  std::string body;
  const std::size_t paragraphs = 8 + rng.below(7);
  for (std::size_t p = 0; p < paragraphs; ++p) {
    body += "<p>";
    const std::size_t sentences = 3 + rng.below(4);
    for (std::size_t s = 0; s < sentences; ++s) body += (s ? " " : "") + sentence(rng);
    body += "</p>\n";
    if (p == 2) {
      body += "<div class=\"ad\">Advertisement</div>\n";
    }
  }
  std::string related;
  if (index > 0) related += article_link(index - 1);
  if (index + 1 < articles) related += article_link(index + 1);
  for (int k = 0; k < 3; ++k) related += article_link(rng.below(articles));

  const std::string extra = fmt::format(
      "<meta property=\"og:title\" content=\"{}\">\n<meta property=\"og:type\" "
      "content=\"article\">\n<meta property=\"article:published_time\" content=\"{}\">\n"
      "<meta property=\"article:section\" content=\"{}\">\n<meta name=\"author\" content=\"{}\">\n"
      "<link rel=\"canonical\" href=\"{}\">\n",
      title, published, section_of(index), author, path);
  return html(page_head(title, site, extra) + page_top(site) +
              fmt::format("<main>\n<article>\n<h1>{}</h1>\n<p class=\"byline\">By <a "
                          "rel=\"author\" href=\"/about.html\">{}</a> &middot; <time "
                          "datetime=\"{}\">{}</time></p>\n<div class=\"share\">Share: <a "
                          "href=\"#\">Facebook</a> <a href=\"#\">X</a> <a href=\"#\">E-mail</a>"
                          "</div>\n{}</article>\n<aside class=\"related\"><h2>More from {}</h2>"
                          "<ul>{}</ul></aside>\n<section class=\"comments\"><h2>Comments (0)</h2>"
                          "<p>Log in to comment.</p></section>\n</main>\n",
                          title, author, published, published.substr(0, 10), body, site, related) +
              page_bottom(site));
}

SiteResponse front_page(std::string_view host, std::string_view section, std::size_t page,
                        std::size_t articles) {
  const std::string site = site_name(host);
  std::size_t section_index = 0;
  while (kSections[section_index] != section) ++section_index;
  // Articles of a section are every fifth one, starting at the section's index.
  const std::size_t in_section =
      articles > section_index
          ? (articles - section_index + kSections.size() - 1) / kSections.size()
          : 0;
  const std::size_t first = page * kPerFront;
  if (page > 0 && first >= in_section) return SiteResponse{};
  std::string list;
  for (std::size_t i = first; i < in_section && i < first + kPerFront; ++i) {
    list += article_link(section_index + i * kSections.size());
  }
  std::string pager;
  if (first + kPerFront < in_section) {
    pager =
        fmt::format("<a rel=\"next\" href=\"/{}/page/{}/\">Older stories</a>", section, page + 1);
  }
  const std::string title =
      fmt::format("{}{}", static_cast<char>(section[0] - 32), section.substr(1));
  return html(
      page_head(title, site, "") + page_top(site) +
      fmt::format("<main><h1>{}</h1><ul class=\"stories\">{}</ul>{}</main>\n", title, list, pager) +
      page_bottom(site));
}

SiteResponse home_page(std::string_view host, std::size_t articles) {
  const std::string site = site_name(host);
  std::string list;
  for (std::size_t i = 0; i < articles && i < kOnHome; ++i) list += article_link(i);
  return html(
      page_head("Home", site, "") + page_top(site) +
      fmt::format("<main><h1>Latest news</h1><ul class=\"stories\">{}</ul></main>\n", list) +
      page_bottom(site));
}

SiteResponse robots(std::string_view host) {
  return SiteResponse{200, "text/plain; charset=utf-8",
                      fmt::format("User-agent: *\nDisallow: /private/\nDisallow: /search/\n\n"
                                  "Sitemap: http://{}/sitemap.xml\n",
                                  host)};
}

SiteResponse sitemap(std::size_t articles) {
  std::string body =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (std::size_t i = 0; i < articles && i < kInSitemap; ++i) {
    body += fmt::format("<url><loc>{}</loc><lastmod>{}</lastmod></url>\n",
                        synthetic_article_path(i), format_iso8601(date_of(i)));
  }
  body += "</urlset>\n";
  return SiteResponse{200, "application/xml", std::move(body)};
}

SiteResponse feed(std::string_view host, std::size_t articles) {
  std::string body = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>{}</title>"
      "<link>http://{}/</link><description>Latest stories</description>\n",
      site_name(host), host);
  for (std::size_t i = 0; i < articles && i < kInFeed; ++i) {
    body += fmt::format("<item><title>{}</title><link>{}</link><pubDate>{}</pubDate></item>\n",
                        title_for(i), synthetic_article_path(i), format_iso8601(date_of(i)));
  }
  body += "</channel></rss>\n";
  return SiteResponse{200, "application/rss+xml", std::move(body)};
}

// The index in "story-<index>.html" at the end of `path`, when `path` is exactly that
// article's path.
std::optional<std::size_t> article_index(std::string_view path, std::size_t articles) {
  const std::size_t start = path.rfind("/story-");
  if (start == std::string_view::npos || !path.ends_with(".html")) return std::nullopt;
  std::size_t index = 0;
  const std::string_view digits = path.substr(start + 7, path.size() - start - 7 - 5);
  if (digits.empty() || digits.size() > 9) return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + static_cast<std::size_t>(c - '0');
  }
  if (index >= articles || synthetic_article_path(index) != path) return std::nullopt;
  return index;
}

}  // namespace

std::string synthetic_article_path(std::size_t index) {
  const CivilDate day = civil_date_utc(date_of(index).unix_seconds);
  return fmt::format("/{}/{:04}/{:02}/{:02}/story-{}.html", section_of(index), day.year, day.month,
                     day.day, index);
}

SiteResponse synthetic_page(std::string_view host, std::string_view path, std::size_t articles) {
  if (!valid_host(host)) return SiteResponse{400, "text/plain; charset=utf-8", "bad host\n"};
  if (path == "/") return home_page(host, articles);
  if (path == "/robots.txt") return robots(host);
  if (path == "/sitemap.xml") return sitemap(articles);
  if (path == "/feed.xml") return feed(host, articles);
  if (path == "/about.html") {
    return html(page_head("About us", site_name(host), "") + page_top(site_name(host)) +
                "<main><h1>About us</h1><p>A generated newspaper for crawl tests.</p></main>\n" +
                page_bottom(site_name(host)));
  }
  if (path.starts_with("/private/")) {
    return html(page_head("Staff only", site_name(host), "") + page_top(site_name(host)) +
                "<main><p>Robots may not read this page.</p></main>\n" +
                page_bottom(site_name(host)));
  }
  for (std::string_view section : kSections) {
    const std::string front = fmt::format("/{}/", section);
    if (path == front) return front_page(host, section, 0, articles);
    if (path.starts_with(front + "page/") && path.ends_with("/")) {
      const std::string_view number = path.substr(front.size() + 5, path.size() - front.size() - 6);
      std::size_t page = 0;
      if (number.empty() || number.size() > 6) return SiteResponse{};
      for (char c : number) {
        if (c < '0' || c > '9') return SiteResponse{};
        page = page * 10 + static_cast<std::size_t>(c - '0');
      }
      return front_page(host, section, page, articles);
    }
  }
  if (const auto index = article_index(path, articles)) return article_page(host, *index, articles);
  return SiteResponse{};
}

}  // namespace gazette::fixture
