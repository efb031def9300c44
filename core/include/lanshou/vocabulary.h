#pragma once
// The status, finding, fix-path and severity vocabulary: one data file (core/data/vocabulary.json)
// read by the core and by the page's build. The C++ enums in engine.h are positions in its lists.
#include <string>
#include <string_view>
#include <vector>

namespace lanshou {

struct VocabularyEntry {
  std::string code;      // stable, e.g. "pickup_overdue"
  std::string zh;        // the core's word: 揽收超时
  std::string page_zh;   // the page's chip label where it differs ("" = zh)
  std::string en;        // the page's English label
  std::string tone;      // ok / warn / bad / done / muted ("" for fix paths and severities)
  std::string severity;  // findings: the default severity
  std::string clock;     // statuses: "ship" / "pickup" for the six with a deadline, else ""
  int rank = 0;          // urgency, 0 most urgent
};

struct Vocabulary {
  std::vector<VocabularyEntry> statuses, findings, fixes, severities;
};

// Parses a vocabulary document; false with a Chinese message naming the list and entry.
bool parse_vocabulary(std::string_view json_text, Vocabulary* out, std::string* error);

// The embedded core/data/vocabulary.json, parsed once. Its lists must match the enums of engine.h
// entry for entry (tests/core/vocabulary_test.cpp); a list that is short reads as "" beyond its
// end.
const Vocabulary& vocabulary();

}  // namespace lanshou
