// The VS Code extension's files stay true to the language: the highlighting grammar colours
// every keyword of the lexer, and the manifest points at files that exist.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "e2e_support.h"

namespace seg::test {
namespace {

namespace fs = std::filesystem;

const fs::path kExtension = fs::path(SEG_SOURCE_DIR) / "editors" / "vscode";

TEST(EditorFiles, GrammarHighlightsEveryKeyword) {
  std::string lexer = e2e::ReadFile(fs::path(SEG_SOURCE_DIR) / "grammar" / "SegLexer.g4");
  std::string grammar = e2e::ReadFile(kExtension / "syntaxes" / "seg.tmLanguage.json");
  ASSERT_FALSE(lexer.empty());
  nlohmann::json parsed = nlohmann::json::parse(grammar, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << "the grammar is not JSON";
  EXPECT_EQ(parsed["scopeName"], "source.seg");
  // Every alternation of words in the grammar's patterns, e.g. \b(when|else|where)\b.
  std::set<std::string> highlighted;
  std::regex group(R"(\\\\b\(([a-z_|]+)\)\\\\b)");
  for (auto it = std::sregex_iterator(grammar.begin(), grammar.end(), group); it != std::sregex_iterator(); ++it) {
    std::string words = (*it)[1];
    size_t start = 0;
    while (start <= words.size()) {
      size_t bar = words.find('|', start);
      highlighted.insert(words.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
      start = bar == std::string::npos ? words.size() + 1 : bar + 1;
    }
  }
  std::regex keyword(R"(^[A-Z_]+\s*:\s*'([a-z_]+)'\s*;)");
  int keywords = 0;
  for (const std::string& line : e2e::Lines(lexer)) {
    std::smatch m;
    if (!std::regex_search(line, m, keyword)) continue;
    ++keywords;
    EXPECT_TRUE(highlighted.count(m[1])) << "seg.tmLanguage.json does not highlight the keyword '" << m[1] << "'";
  }
  EXPECT_GT(keywords, 30);
}

TEST(EditorFiles, ManifestNamesFilesThatExist) {
  nlohmann::json manifest = nlohmann::json::parse(e2e::ReadFile(kExtension / "package.json"), nullptr, false);
  ASSERT_FALSE(manifest.is_discarded()) << "package.json is not JSON";
  EXPECT_TRUE(fs::exists(kExtension / manifest["main"].get<std::string>()));
  for (const auto& language : manifest["contributes"]["languages"]) {
    EXPECT_EQ(language["extensions"][0], ".seg");
    std::string config = language["configuration"];
    EXPECT_FALSE(nlohmann::json::parse(e2e::ReadFile(kExtension / config), nullptr, false).is_discarded()) << config;
  }
  for (const auto& grammar : manifest["contributes"]["grammars"]) {
    EXPECT_TRUE(fs::exists(kExtension / grammar["path"].get<std::string>()));
  }
  EXPECT_TRUE(manifest["dependencies"].contains("vscode-languageclient"));
  std::string extension = e2e::ReadFile(kExtension / "extension.js");
  EXPECT_NE(extension.find("args: ['lsp']"), std::string::npos) << "the extension starts `seg lsp`";
}

}  // namespace
}  // namespace seg::test
