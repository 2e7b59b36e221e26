// The language features, one file each, every one a function of an open document (and the
// cursor): the dispatcher (server.cc) turns requests into these calls and their results into
// replies. Each returns the `result` (or notification params) JSON the protocol specifies.
#pragma once
#include "compiler/lsp/document_store.h"

namespace seg::lsp {

// textDocument/publishDiagnostics params: `seg check`'s diagnostics of the document (diagnostics.cc).
Json PublishDiagnosticsParams(const Document& document);
// textDocument/hover: the type and definition of a name, a function's signature and doc (hover.cc).
Json Hover(const Document& document, Position position);
// textDocument/completion: names, columns after `input.`, functions, bucket labels, std modules (completion.cc).
Json Completion(const Document& document, Position position);
// textDocument/definition: where a let, tag, classification, input, column or module is defined (definition.cc).
Json Definition(const Document& document, Position position);
// textDocument/formatting: `seg fmt` as one edit; no edits while the text has syntax errors (formatting.cc).
Json Formatting(const Document& document);
// textDocument/documentSymbol: the declarations, inputs with their columns, classifications with their buckets
// (document_symbols.cc).
Json DocumentSymbols(const Document& document);

}  // namespace seg::lsp
