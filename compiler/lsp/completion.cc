// Completion, decided by the text just before the cursor (the file is often half typed and
// does not parse there): after `import ` the std modules; after `NAME.` the columns of an input
// or event set, the bucket labels of a classification (quoted) or the modules after `std.`;
// elsewhere every declared name, the customer input's columns and the functions, and after
// `where` the columns of the event set it filters. Names come
// from the latest analysis that produced a checked program (Document::last_checked).
#include <cctype>

#include "compiler/lsp/features.h"
#include "compiler/lsp/targets.h"
#include "stdlib/stdlib_modules.h"

namespace seg::lsp {

namespace {

// The protocol's CompletionItemKind numbers.
int ItemKind(TargetKind kind) {
  switch (kind) {
    case TargetKind::kInput: return 7;     // Class
    case TargetKind::kEventSet: return 8;  // Interface
    case TargetKind::kColumn: return 5;    // Field
    case TargetKind::kParam: return 21;    // Constant
    case TargetKind::kLet: return 6;       // Variable
    case TargetKind::kTag: return 6;
    case TargetKind::kScore: return 6;
    case TargetKind::kClassification: return 13;  // Enum
    case TargetKind::kBucket: return 20;          // EnumMember
    case TargetKind::kFunction: return 3;         // Function
    case TargetKind::kModule: return 9;           // Module
  }
  return 1;
}

bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

Json Item(const Target& t, const std::string& new_text, const Json& replace) {
  Json item = {{"label", t.kind == TargetKind::kBucket ? "\"" + t.name + "\"" : t.name}, {"kind", ItemKind(t.kind)}};
  std::string detail = t.kind == TargetKind::kFunction
                           ? t.signature
                           : std::string(KindWord(t.kind)) + (t.type.empty() ? "" : ": " + t.type);
  item["detail"] = detail;
  if (!t.doc.empty()) item["documentation"] = t.doc;
  item["textEdit"] = {{"range", replace}, {"newText", new_text}};
  return item;
}

Json ModuleItems(const std::string& prefix, const Json& replace) {
  Json items = Json::array();
  for (const stdlib::Module& m : stdlib::Modules()) {
    Target t;
    t.kind = TargetKind::kModule;
    t.name = std::string(m.name).substr(prefix.size());  // every module's name starts "std."
    items.push_back(Item(t, t.name, replace));
  }
  return items;
}

struct Context {
  enum class Kind { kAnywhere, kImport, kMember, kQuotedMember, kInString } kind = Kind::kAnywhere;
  std::string object;         // kMember, kQuotedMember: the name before the dot
  std::string events;         // kAnywhere inside `... where`: the event set whose columns bare names are
  uint32_t replace_from = 0;  // the start of what the user typed of the item
};

// In `sum(orders.amount where |` and `events paid = orders where |` bare names are the event
// set's columns: the set named first after the innermost open parenthesis, or after `=`.
std::string EventsOfWhere(const std::string& line) {
  size_t where = line.rfind(" where ");
  if (where == std::string::npos) return "";
  int depth = 0;
  size_t open = std::string::npos;
  for (size_t i = where; i-- > 0;) {
    if (line[i] == ')') ++depth;
    if (line[i] == '(' && depth-- == 0) {
      open = i;
      break;
    }
  }
  size_t start = open != std::string::npos ? open + 1 : line.find('=');
  if (start == std::string::npos) return "";
  if (open == std::string::npos) ++start;
  while (start < line.size() && line[start] == ' ') ++start;
  size_t end = start;
  while (end < line.size() && IsNameChar(line[end])) ++end;
  return line.substr(start, end - start);
}

std::string NameEndingAt(const std::string& text, size_t end) {
  size_t begin = end;
  while (begin > 0 && IsNameChar(text[begin - 1])) --begin;
  return text.substr(begin, end - begin);
}

Context ContextAt(const std::string& text, uint32_t offset) {
  size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  line_start = line_start == std::string::npos || offset == 0 ? 0 : line_start + 1;
  std::string line = text.substr(line_start, offset - line_start);
  Context c;
  // A string left open on this line: a bucket label after `NAME.`, or text not to complete.
  size_t quotes = 0, last_quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
      continue;
    }
    if (line[i] == '"') {
      ++quotes;
      last_quote = i;
    }
  }
  if (quotes % 2 == 1) {
    size_t q = line_start + last_quote;
    if (q > 0 && text[q - 1] == '.') {
      c.kind = Context::Kind::kQuotedMember;
      c.object = NameEndingAt(text, q - 1);
      c.replace_from = static_cast<uint32_t>(q);
    } else {
      c.kind = Context::Kind::kInString;
      c.replace_from = offset;
    }
    return c;
  }
  size_t word = offset;
  while (word > line_start && IsNameChar(text[word - 1])) --word;
  c.replace_from = static_cast<uint32_t>(word);
  size_t first = line.find_first_not_of(" \t");
  if (first != std::string::npos && line.compare(first, 7, "import ") == 0) {
    c.kind = Context::Kind::kImport;
    size_t name = line.find_first_not_of(" \t", first + 7);
    c.replace_from = name == std::string::npos ? offset : static_cast<uint32_t>(line_start + name);
    return c;
  }
  if (word > line_start && text[word - 1] == '.') {
    c.kind = Context::Kind::kMember;
    c.object = NameEndingAt(text, word - 1);
  } else {
    c.events = EventsOfWhere(line);
  }
  return c;
}

}  // namespace

Json Completion(const Document& document, Position position) {
  LineIndex lines = document.Lines();
  uint32_t offset = lines.ToOffset(position);
  Context context = ContextAt(document.text, offset);
  Json replace = ToRange(lines, context.replace_from, offset);
  Json items = Json::array();
  const sema::Program* program = document.last_checked ? document.last_checked->program.get() : nullptr;
  switch (context.kind) {
    case Context::Kind::kInString: break;
    case Context::Kind::kImport: items = ModuleItems("", replace); break;
    case Context::Kind::kQuotedMember:
    case Context::Kind::kMember:
      if (context.object == "std" && context.kind == Context::Kind::kMember) {
        items = ModuleItems("std.", replace);
        break;
      }
      if (program == nullptr) break;
      if (context.kind == Context::Kind::kMember) {
        for (const Target& t : ColumnsOf(*program, context.object)) items.push_back(Item(t, t.name, replace));
      }
      for (const Target& t : BucketsOf(*program, context.object))
        items.push_back(Item(t, "\"" + t.name + "\"", replace));
      break;
    case Context::Kind::kAnywhere:
      if (program != nullptr) {
        for (const Target& t : NamedTargets(*program)) items.push_back(Item(t, t.name, replace));
        for (const Target& t : CustomerColumns(*program)) items.push_back(Item(t, t.name, replace));
        if (!context.events.empty()) {
          for (const Target& t : ColumnsOf(*program, context.events)) items.push_back(Item(t, t.name, replace));
        }
      }
      for (const Target& t : FunctionTargets()) items.push_back(Item(t, t.name, replace));
      break;
  }
  return {{"isIncomplete", false}, {"items", items}};
}

}  // namespace seg::lsp
