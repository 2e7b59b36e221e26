// A whole editor session against the real `seg lsp`: initialize, open, change with errors,
// hover, completion, definition, formatting, symbols, protocol errors, shutdown and exit. Each
// reply is checked; diagnostics and formatting are compared with `seg check --format json` and
// `seg fmt --stdout` on the same text, since the server must say exactly what the commands say.
#include <gtest/gtest.h>

#include "e2e_support.h"
#include "lsp_client.h"

namespace seg::test {
namespace {

namespace fs = std::filesystem;

const char* kRules = R"(import std.rfm

input customers key id {
  city: text
}

input orders of customers by customer at ts {
  amount: money
  status: text
}

let spend = sum(orders.amount where status == "paid")
let rounded = round(spend)
tag big when spend >= 100 and rounded > 0

segments tier {
  "High" when spend >= 1000
  else "Low"
}

segments tier_detail within tier."High" {
  "Champion" when rfm_segment == "Champions"
  else "Other"
}
)";

const std::string kUri = "file:///rules/shop%20rules.seg";

// The position of the `nth` occurrence of `what` in `text`, `delta` characters into it (ASCII text).
Json PositionOf(const std::string& text, const std::string& what, int nth = 0, int delta = 1) {
  size_t at = text.find(what);
  for (int i = 0; i < nth && at != std::string::npos; ++i) at = text.find(what, at + 1);
  EXPECT_NE(at, std::string::npos) << what;
  size_t line_start = text.rfind('\n', at);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  int line = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  return {{"line", line}, {"character", static_cast<int>(at - line_start) + delta}};
}

Json At(const std::string& uri, const Json& position) {
  return {{"textDocument", {{"uri", uri}}}, {"position", position}};
}

std::vector<std::string> Labels(const Json& completion) {
  std::vector<std::string> labels;
  for (const Json& item : completion["result"]["items"]) labels.push_back(item["label"]);
  return labels;
}

bool Has(const std::vector<std::string>& labels, const std::string& label) {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

class LspSession : public ::testing::Test {
 protected:
  e2e::TempDir dir;
  LspClient client{SEG_BINARY, (dir.path() / "cache").string()};

  void Initialize() {
    Json reply = client.Request("initialize",
                                {{"processId", nullptr}, {"rootUri", nullptr}, {"capabilities", Json::object()}});
    const Json& caps = reply["result"]["capabilities"];
    EXPECT_EQ(caps["hoverProvider"], true);
    EXPECT_EQ(caps["definitionProvider"], true);
    EXPECT_EQ(caps["documentFormattingProvider"], true);
    EXPECT_EQ(caps["documentSymbolProvider"], true);
    EXPECT_TRUE(caps["completionProvider"].is_object());
    EXPECT_EQ(caps["textDocumentSync"]["openClose"], true);
    client.Notify("initialized", Json::object());
  }

  Json Open(const std::string& uri, const std::string& text) {
    client.Notify("textDocument/didOpen",
                  {{"textDocument", {{"uri", uri}, {"languageId", "seg"}, {"version", 1}, {"text", text}}}});
    Json published = client.NextNotification("textDocument/publishDiagnostics");
    EXPECT_EQ(published["params"]["uri"], uri);
    return published["params"];
  }

  // What `seg check --format json` says about `text`.
  Json CheckJson(const std::string& text) {
    e2e::WriteFile(dir.path() / "rules.seg", text);
    e2e::Result r = e2e::RunSeg(dir.path(), "check --format json rules.seg");
    Json parsed = Json::parse(r.err, nullptr, false);
    EXPECT_TRUE(parsed.is_array()) << r.err;
    return parsed;
  }
};

TEST_F(LspSession, EditorSession) {
  Initialize();
  Json opened = Open(kUri, kRules);
  EXPECT_EQ(opened["version"], 1);
  // The clean file: exactly seg check's diagnostics (its warnings, if any).
  EXPECT_EQ(opened["diagnostics"].size(), CheckJson(kRules).size()) << opened.dump(2);

  // A change with errors: the same codes, spans and hints as seg check.
  std::string broken = std::string(kRules) + "let wrong = spend + \"x\"\nlet typo = spnd * 2\n";
  Json whole = {{"text", broken}};
  client.Notify("textDocument/didChange",
                {{"textDocument", {{"uri", kUri}, {"version", 2}}}, {"contentChanges", Json::array({whole})}});
  Json changed = client.NextNotification("textDocument/publishDiagnostics")["params"];
  EXPECT_EQ(changed["version"], 2);
  Json expected = CheckJson(broken);
  ASSERT_EQ(changed["diagnostics"].size(), expected.size()) << changed.dump(2) << expected.dump(2);
  ASSERT_GE(expected.size(), 2u);
  for (size_t i = 0; i < expected.size(); ++i) {
    const Json& got = changed["diagnostics"][i];
    const Json& want = expected[i];
    EXPECT_EQ(got["code"], want["code"]);
    EXPECT_EQ(got["source"], "seg");
    EXPECT_EQ(got["severity"], want["severity"] == "error" ? 1 : 2);
    EXPECT_EQ(got["range"]["start"]["line"], want["line"].get<int>() - 1);
    EXPECT_EQ(got["range"]["start"]["character"], want["column"].get<int>() - 1);
    EXPECT_EQ(got["range"]["end"]["line"], want["end_line"].get<int>() - 1);
    EXPECT_EQ(got["range"]["end"]["character"], want["end_column"].get<int>() - 1);
    std::string message = got["message"];
    EXPECT_EQ(message.rfind(want["message"].get<std::string>(), 0), 0u) << message;
    if (want.contains("help")) {
      EXPECT_EQ(got["data"]["help"], want["help"]);
      EXPECT_NE(message.find("help: " + want["help"].get<std::string>()), std::string::npos) << message;
    }
  }
  bool did_you_mean = false;
  for (const Json& d : changed["diagnostics"])
    did_you_mean |= d["message"].get<std::string>().find("spend") != std::string::npos;
  EXPECT_TRUE(did_you_mean) << "the unknown name's hint names the let it resembles";

  // Hover: a let's type and definition; a column; a builtin's signature and doc from the registry.
  Json hover = client.Request("textDocument/hover", At(kUri, PositionOf(broken, "spend >= 100")));
  std::string text = hover["result"]["contents"]["value"];
  EXPECT_NE(text.find("let spend: money"), std::string::npos) << text;
  EXPECT_NE(text.find("let spend = sum(orders.amount where status == \"paid\")"), std::string::npos) << text;
  EXPECT_EQ(hover["result"]["range"], Json({{"start", PositionOf(broken, "spend >= 100", 0, 0)},
                                            {"end", PositionOf(broken, "spend >= 100", 0, 5)}}));
  hover = client.Request("textDocument/hover", At(kUri, PositionOf(broken, "amount where")));
  EXPECT_NE(hover["result"]["contents"]["value"].get<std::string>().find("column orders.amount: money"),
            std::string::npos)
      << hover.dump();
  hover = client.Request("textDocument/hover", At(kUri, PositionOf(broken, "round(")));
  text = hover["result"]["contents"]["value"];
  EXPECT_NE(text.find("round(number) -> the same type"), std::string::npos) << text;
  EXPECT_NE(text.find("round to the nearest whole number"), std::string::npos) << text;
  hover = client.Request("textDocument/hover", At(kUri, PositionOf(broken, "rfm_segment ==")));
  text = hover["result"]["contents"]["value"];
  EXPECT_NE(text.find("segments rfm_segment: text"), std::string::npos) << text;
  EXPECT_NE(text.find("from std.rfm"), std::string::npos) << text;
  hover = client.Request("textDocument/hover", At(kUri, {{"line", 0}, {"character", 0}}));
  EXPECT_TRUE(hover["result"].is_null() ||
              hover["result"]["contents"]["value"].get<std::string>().find("std.rfm") != std::string::npos);

  // Completion on half-typed text: columns after `orders.`, buckets after `tier.`, std modules
  // after `import std.`, and names and functions anywhere.
  // A ranged (incremental) change inserting a half-typed line.
  Json insert_at = PositionOf(broken, "let typo", 0, 0);
  Json change = {{"range", {{"start", insert_at}, {"end", insert_at}}}, {"text", "let partial = orders.\n"}};
  client.Notify("textDocument/didChange",
                {{"textDocument", {{"uri", kUri}, {"version", 3}}}, {"contentChanges", Json::array({change})}});
  std::string typing = broken;
  typing.insert(broken.find("let typo"), "let partial = orders.\n");
  EXPECT_FALSE(client.NextNotification("textDocument/publishDiagnostics")["params"]["diagnostics"].empty());
  Json completion = client.Request("textDocument/completion", At(kUri, PositionOf(typing, "orders.\n", 0, 7)));
  std::vector<std::string> labels = Labels(completion);
  EXPECT_TRUE(Has(labels, "amount") && Has(labels, "status") && Has(labels, "ts")) << completion.dump();
  EXPECT_FALSE(Has(labels, "spend"));
  Json elsewhere = client.Request("textDocument/completion", At(kUri, PositionOf(typing, "spend >= 1000", 0, 2)));
  EXPECT_FALSE(Has(Labels(elsewhere), "amount")) << "outside `where`, no event columns";
  completion = client.Request("textDocument/completion", At(kUri, PositionOf(typing, "tier.\"High", 0, 6)));
  labels = Labels(completion);
  EXPECT_TRUE(Has(labels, "\"High\"") && Has(labels, "\"Low\"")) << completion.dump();
  EXPECT_EQ(completion["result"]["items"][0]["textEdit"]["newText"].get<std::string>().front(), '"');
  completion = client.Request("textDocument/completion", At(kUri, PositionOf(typing, "spend >= 1000", 0, 2)));
  labels = Labels(completion);
  for (const char* name : {"spend", "rounded", "big", "tier", "rfm_segment", "rfm_score", "city", "orders", "sum",
                           "round", "days_since", "quintile"}) {
    EXPECT_TRUE(Has(labels, name)) << name;
  }
  // After `where`, bare names are the event set's columns.
  completion = client.Request("textDocument/completion", At(kUri, PositionOf(typing, "status == \"paid\"", 0, 2)));
  labels = Labels(completion);
  EXPECT_TRUE(Has(labels, "status") && Has(labels, "amount") && Has(labels, "spend")) << completion.dump();
  completion = client.Request("textDocument/completion", At(kUri, PositionOf(typing, "import std.rfm", 0, 11)));
  labels = Labels(completion);
  EXPECT_TRUE(Has(labels, "std.rfm") && Has(labels, "std.churn")) << completion.dump();

  // Definition: a let, an input, a column, a bucket, and across `import std.rfm`.
  Json definition = client.Request("textDocument/definition", At(kUri, PositionOf(typing, "spend >= 100")));
  EXPECT_EQ(definition["result"]["uri"], kUri);
  EXPECT_EQ(definition["result"]["range"]["start"], PositionOf(typing, "spend = sum", 0, 0));
  definition = client.Request("textDocument/definition", At(kUri, PositionOf(typing, "customers by")));
  EXPECT_EQ(definition["result"]["range"]["start"], PositionOf(typing, "customers key", 0, 0));
  definition = client.Request("textDocument/definition", At(kUri, PositionOf(typing, "status ==")));
  EXPECT_EQ(definition["result"]["range"]["start"], PositionOf(typing, "status: text", 0, 0));
  definition = client.Request("textDocument/definition", At(kUri, PositionOf(typing, "High\" {")));
  EXPECT_EQ(definition["result"]["range"]["start"], PositionOf(typing, "\"High\" when", 0, 0));
  definition = client.Request("textDocument/definition", At(kUri, PositionOf(typing, "rfm_segment ==")));
  std::string std_uri = definition["result"]["uri"];
  EXPECT_EQ(std_uri, "file://" + (dir.path() / "cache" / "seg" / "std" / "std.rfm.seg").string());
  std::string module = e2e::ReadFile(dir.path() / "cache" / "seg" / "std" / "std.rfm.seg");
  EXPECT_NE(module.find("segments rfm_segment"), std::string::npos);
  EXPECT_EQ(definition["result"]["range"]["start"], PositionOf(module, "rfm_segment exclusive", 0, 0));
  definition = client.Request("textDocument/definition", At(kUri, PositionOf(typing, "std.rfm")));
  EXPECT_EQ(definition["result"]["uri"], std_uri);
  // The editor opens the copy: a module alone lacks the importer's inputs, so no errors are shown.
  EXPECT_TRUE(Open(std_uri, module)["diagnostics"].empty());
  definition = client.Request("textDocument/definition", At(kUri, PositionOf(typing, "round(")));
  EXPECT_TRUE(definition["result"].is_null()) << "a builtin has no source";

  // Document symbols: the declarations, inputs with their columns, classifications with buckets.
  Json symbols = client.Request("textDocument/documentSymbol", {{"textDocument", {{"uri", kUri}}}});
  std::vector<std::string> names;
  for (const Json& s : symbols["result"]) names.push_back(s["name"]);
  for (const char* name : {"std.rfm", "customers", "orders", "spend", "rounded", "big", "tier", "tier_detail"}) {
    EXPECT_TRUE(Has(names, name)) << name;
  }
  for (const Json& s : symbols["result"]) {
    if (s["name"] == "tier") EXPECT_EQ(s["children"].size(), 2u);
    if (s["name"] == "orders") EXPECT_EQ(s["children"][0]["name"], "amount");
  }

  // Formatting: seg fmt's text as one edit; no edits while the text has syntax errors.
  Json formatted = client.Request("textDocument/formatting", {{"textDocument", {{"uri", kUri}}},
                                                              {"options", {{"tabSize", 2}, {"insertSpaces", true}}}});
  EXPECT_EQ(formatted["result"], Json::array()) << "half-typed text is not formatted";
  std::string messy = "input customers key id {city:text}\nlet   x =  1+2 // kept\n";
  Open("file:///rules/messy.seg", messy);
  formatted = client.Request("textDocument/formatting",
                             {{"textDocument", {{"uri", "file:///rules/messy.seg"}}}, {"options", Json::object()}});
  ASSERT_EQ(formatted["result"].size(), 1u) << formatted.dump();
  e2e::WriteFile(dir.path() / "messy.seg", messy);
  e2e::Result fmt = e2e::RunSeg(dir.path(), "fmt --stdout messy.seg");
  EXPECT_EQ(formatted["result"][0]["newText"], fmt.out);
  EXPECT_EQ(formatted["result"][0]["range"]["start"], Json({{"line", 0}, {"character", 0}}));
  EXPECT_EQ(formatted["result"][0]["range"]["end"], Json({{"line", 2}, {"character", 0}}));

  // Protocol errors are answered, and the session carries on.
  Json unknown = client.Request("textDocument/rename", At(kUri, {{"line", 0}, {"character", 0}}));
  EXPECT_EQ(unknown["error"]["code"], -32601);
  client.SendRaw("Content-Length: 9\r\n\r\n{not json");
  Json parse_error = client.Read();
  EXPECT_EQ(parse_error["error"]["code"], -32700);
  EXPECT_TRUE(parse_error["id"].is_null());
  Json bad_params = client.Request("textDocument/hover", {{"textDocument", {{"uri", kUri}}}, {"position", "here"}});
  EXPECT_EQ(bad_params["error"]["code"], -32602);
  Json not_open = client.Request("textDocument/hover", At("file:///nowhere.seg", {{"line", 0}, {"character", 0}}));
  EXPECT_EQ(not_open["error"]["code"], -32602);
  client.Notify("workspace/didChangeConfiguration", {{"settings", nullptr}});  // unknown notification: no reply

  client.Notify("textDocument/didClose", {{"textDocument", {{"uri", kUri}}}});
  Json cleared = client.NextNotification("textDocument/publishDiagnostics");
  EXPECT_TRUE(cleared["params"]["diagnostics"].empty());

  Json shutdown = client.Request("shutdown", nullptr);
  EXPECT_TRUE(shutdown.contains("result") && shutdown["result"].is_null()) << shutdown.dump();
  Json after = client.Request("textDocument/hover", At(kUri, {{"line", 0}, {"character", 0}}));
  EXPECT_EQ(after["error"]["code"], -32600);
  client.Notify("exit", nullptr);
  EXPECT_EQ(client.CloseAndWait(), 0);
}

TEST_F(LspSession, RequestsBeforeInitializeAreRefused) {
  Json early = client.Request("textDocument/hover", At(kUri, {{"line", 0}, {"character", 0}}));
  EXPECT_EQ(early["error"]["code"], -32002);
  Initialize();
  Json again = client.Request("initialize", Json::object());
  EXPECT_EQ(again["error"]["code"], -32600);
}

TEST_F(LspSession, ExitWithoutShutdownFails) {
  Initialize();
  client.Notify("exit", nullptr);
  EXPECT_EQ(client.CloseAndWait(), 1);
}

TEST_F(LspSession, FramingMistakesAreAnsweredAndSkipped) {
  Initialize();
  client.SendRaw("Content-Type: application/vscode-jsonrpc\r\n\r\n");  // no Content-Length
  EXPECT_EQ(client.Read()["error"]["code"], -32700);
  client.SendRaw("Content-Length: x1\r\n\r\n");
  EXPECT_EQ(client.Read()["error"]["code"], -32700);
  client.SendRaw("Content-Length: 2\r\n\r\n[]");
  EXPECT_EQ(client.Read()["error"]["code"], -32600);
  client.SendRaw("Content-Length: 28\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":[1,2]}");
  EXPECT_EQ(client.Read()["error"]["code"], -32600);
  Json still = client.Request("shutdown", nullptr);
  EXPECT_TRUE(still["result"].is_null());
  client.Notify("exit", nullptr);
  EXPECT_EQ(client.CloseAndWait(), 0);
}

}  // namespace
}  // namespace seg::test
