// The rule files the editor has open, as the editor has them (not as saved on disk), each with
// the analysis of its current text: the same compilation `seg check` runs, so diagnostics, the
// typed tree and the symbols all come from one place.
#pragma once
#include <map>
#include <memory>
#include <string>

#include "compiler/driver/compiler.h"
#include "compiler/lsp/protocol.h"

namespace seg::lsp {

struct Document {
  std::string uri;
  std::string path;  // for diagnostics' file names
  std::string text;
  int64_t version = 0;
  // The compilation of `text`: its sources' file 0 is this document, the std modules it imports follow.
  std::shared_ptr<const driver::Compilation> analysis;
  // The latest analysis that produced a checked program. While the user types, the text often
  // does not parse; completion still offers the names the file had a moment ago.
  std::shared_ptr<const driver::Compilation> last_checked;

  LineIndex Lines() const { return LineIndex(text); }
};

class DocumentStore {
 public:
  Document& Open(const std::string& uri, std::string text, int64_t version);
  // Applies `contentChanges` (whole-text or ranged, in order) and re-analyses.
  Document& Change(const std::string& uri, const Json& changes, int64_t version);
  void Close(const std::string& uri) { documents_.erase(uri); }
  // Null when the editor has not opened it.
  Document* Find(const std::string& uri);
  // As Find, but a request about a document that is not open is an error for the client.
  Document& Get(const std::string& uri);

 private:
  static void Analyse(Document& document);
  std::map<std::string, Document> documents_;
};

}  // namespace seg::lsp
