#pragma once
// Writes the result document: JSON (the contract every face shares), a terminal table and CSV.
#include <string>
#include <vector>

#include "lanshou/engine.h"
#include "lanshou/input.h"
#include "lanshou/rules.h"

namespace lanshou {

struct Report {
  const RuleSet* rules = nullptr;
  Epoch now = 0;
  const ParsedInput* input = nullptr;
  const std::vector<Decision>* decisions = nullptr;
  std::vector<InputError> errors;  // every error, in line order
};

std::string write_json(const Report& r);
std::string write_table(const Report& r);
// UTF-8 with BOM for a Chinese Excel; formula-looking cells are neutralised.
std::string write_csv(const Report& r);

}  // namespace lanshou
