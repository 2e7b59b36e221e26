#include "compiler/lsp/document_store.h"

namespace seg::lsp {

void DocumentStore::Analyse(Document& document) {
  // The options `seg check` uses without flags: the same codes, spans and hints, and a module
  // (stdlib/rfm.seg) checks on its own.
  driver::CompileOptions options;
  options.accept_module = true;
  std::shared_ptr<const driver::Compilation> analysis = driver::CompileText(document.path, document.text, options);
  if (analysis->program) document.last_checked = analysis;
  document.analysis = std::move(analysis);
}

Document& DocumentStore::Open(const std::string& uri, std::string text, int64_t version) {
  Document& document = documents_[uri];
  document.uri = uri;
  document.path = PathFromUri(uri);
  document.text = std::move(text);
  document.version = version;
  Analyse(document);
  return document;
}

Document& DocumentStore::Change(const std::string& uri, const Json& changes, int64_t version) {
  Document& document = Get(uri);
  if (!changes.is_array()) throw RequestError{kInvalidParams, "contentChanges must be an array"};
  // Applied to a copy: a malformed change leaves the document and its analysis as they were.
  std::string text = document.text;
  for (const Json& change : changes) {
    if (!change.is_object() || !change.contains("text") || !change["text"].is_string()) {
      throw RequestError{kInvalidParams, "each content change needs a text"};
    }
    const std::string& replacement = change["text"].get_ref<const std::string&>();
    if (!change.contains("range")) {
      text = replacement;
      continue;
    }
    const Json& range = change["range"];
    if (!range.is_object()) throw RequestError{kInvalidParams, "a content change's range must be an object"};
    LineIndex lines(text);
    uint32_t begin = lines.ToOffset(PositionFrom(range.value("start", Json())));
    uint32_t end = lines.ToOffset(PositionFrom(range.value("end", Json())));
    if (end < begin) std::swap(begin, end);
    text.replace(begin, end - begin, replacement);
  }
  document.text = std::move(text);
  document.version = version;
  Analyse(document);
  return document;
}

Document* DocumentStore::Find(const std::string& uri) {
  auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : &it->second;
}

Document& DocumentStore::Get(const std::string& uri) {
  Document* document = Find(uri);
  if (document == nullptr) throw RequestError{kInvalidParams, "the document " + uri + " is not open"};
  return *document;
}

}  // namespace seg::lsp
