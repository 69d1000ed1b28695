// Structural evidence from class, id, role and itemprop attributes: names that page authors give
// to boilerplate (navigation, share bars, comments, ...) and to article bodies. Generic web
// conventions only, no rules for particular sites. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gazette::extract {

struct Hint {
  bool boilerplate = false;  // strong evidence: the subtree is boilerplate (nav, share, comments..)
  bool comments = false;     // the boilerplate is a comment section (comments, replies, respond)
  // The only boilerplate evidence is a name for a generic building block ("widget"): blog engines
  // put the post itself in one, so it is boilerplate only when nothing inside says "article".
  bool wrapper = false;
  bool article = false;  // the names also say "article", "content", "main", "story", ...
  int weight = 0;        // score adjustment: < 0 boilerplate-ish, > 0 article-ish
};

// Evidence from one element's class, id, role and itemprop values (any may be empty).
[[nodiscard]] Hint hint_from_attributes(std::string_view class_attr, std::string_view id_attr,
                                        std::string_view role, std::string_view itemprop);

// Whether a short line of text is interface chrome rather than content: "Scroll to Top",
// "Back to top", "Advertisement", "Share this", "Read more", "Leave a comment", "Photo: ...", ...
// Matching ignores case and punctuation; lines longer than a dozen words never match.
[[nodiscard]] bool is_junk_line(std::string_view line);

// Whether a paragraph is an author's bio: it starts with one of `authors` (the full name, or the
// first name followed by a capitalised surname) and a verb such as "is", "was", "writes",
// "covers" ("Jane Doe is a reporter covering ..."). At most 600 bytes.
[[nodiscard]] bool is_author_bio(std::string_view paragraph,
                                 const std::vector<std::string>& authors);

// Whether a heading's text announces a comment section: "Comments", "12 Responses",
// "Leave a Reply", "3 thoughts on “Title”", "Join the discussion", ...
[[nodiscard]] bool is_comments_heading(std::string_view heading);

}  // namespace gazette::extract
