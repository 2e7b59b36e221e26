// The server's pieces in-process: framing, positions in UTF-16, and the dispatcher's answers to
// messages an editor would never send.
#include <gtest/gtest.h>

#include <sstream>

#include "compiler/lsp/server.h"
#include "compiler/lsp/text_position.h"
#include "compiler/lsp/transport.h"

namespace seg::lsp {
namespace {

TEST(LspTransport, ReadsFramedMessagesAndSkipsBadHeaders) {
  std::istringstream in(
      "Content-Length: 2\r\nContent-Type: x\r\n\r\n{}"
      "content-length:3\n\n[1]"
      "Content-Lenght: 2\r\n\r\n"
      "Content-Length: 5\r\n\r\nab");
  Frame frame = ReadMessage(in);
  EXPECT_EQ(frame.status, ReadStatus::kMessage);
  EXPECT_EQ(frame.body, "{}");
  frame = ReadMessage(in);
  EXPECT_EQ(frame.status, ReadStatus::kMessage);
  EXPECT_EQ(frame.body, "[1]");
  frame = ReadMessage(in);
  EXPECT_EQ(frame.status, ReadStatus::kBadFrame);
  EXPECT_NE(frame.problem.find("without Content-Length"), std::string::npos);
  frame = ReadMessage(in);
  EXPECT_EQ(frame.status, ReadStatus::kBadFrame);
  EXPECT_NE(frame.problem.find("ended inside a message body"), std::string::npos);
  EXPECT_EQ(ReadMessage(in).status, ReadStatus::kEnd);
}

TEST(LspTransport, RefusesHugeBodies) {
  std::istringstream in("Content-Length: 99999999999\r\n\r\n");
  Frame frame = ReadMessage(in);
  EXPECT_EQ(frame.status, ReadStatus::kBadFrame);
  EXPECT_TRUE(frame.body.empty());
}

TEST(LspTransport, WritesContentLength) {
  std::ostringstream out;
  WriteMessage(out, "{\"a\":\"\xC3\xA9\"}");
  EXPECT_EQ(out.str(), "Content-Length: 10\r\n\r\n{\"a\":\"\xC3\xA9\"}");
}

TEST(LspPositions, CountUtf16Units) {
  // "é" is one UTF-16 unit in two bytes, "😀" two units in four bytes.
  std::string text = "ab\n\xC3\xA9x\xF0\x9F\x98\x80y\r\nz";
  LineIndex lines(text);
  EXPECT_EQ(lines.LineCount(), 3u);
  Position y = lines.ToPosition(static_cast<uint32_t>(text.find('y')));
  EXPECT_EQ(y.line, 1u);
  EXPECT_EQ(y.character, 4u);
  EXPECT_EQ(lines.ToOffset({1, 4}), text.find('y'));
  EXPECT_EQ(lines.ToOffset({1, 99}), text.find('\r'));  // past the end of the line: its end
  EXPECT_EQ(lines.ToOffset({9, 0}), text.size());       // past the last line: the end
  EXPECT_EQ(lines.ToPosition(99999).line, 2u);
  std::string invalid = "\xFF\xFEq";
  EXPECT_EQ(LineIndex(invalid).ToPosition(2).character, 2u);
}

std::vector<nlohmann::json> Replies(Server& server, const std::string& message) {
  std::vector<nlohmann::json> out;
  for (const std::string& reply : server.Handle(message)) out.push_back(nlohmann::json::parse(reply));
  return out;
}

TEST(LspServer, AnswersOddMessagesWithoutThrowing) {
  Server server;
  ASSERT_EQ(Replies(server, R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})").size(), 1u);
  const char* odd[] = {
      "",
      "null",
      "42",
      "\"text\"",
      "[]",
      "{}",
      R"({"id":1})",
      R"({"id":{},"method":"x"})",
      R"({"id":1,"method":7})",
      R"({"id":2,"method":"textDocument/hover"})",
      R"({"id":3,"method":"textDocument/hover","params":[]})",
      R"({"id":4,"method":"textDocument/hover","params":{"textDocument":{"uri":5}}})",
      R"({"id":5,"method":"textDocument/completion","params":{"textDocument":{"uri":"u"},"position":{"line":-1,"character":0}}})",
      R"({"method":"textDocument/didOpen","params":{"textDocument":{"uri":"u","text":7}}})",
      R"({"method":"textDocument/didChange","params":{"textDocument":{"uri":"nowhere"},"contentChanges":[]}})",
      R"({"id":"s","method":"$/unknown"})",
      R"({"id":6,"result":null})"};
  for (const char* message : odd) {
    std::vector<nlohmann::json> replies;
    ASSERT_NO_THROW(replies = Replies(server, message)) << message;
    for (const nlohmann::json& r : replies) {
      EXPECT_EQ(r["jsonrpc"], "2.0") << message;
      if (r.contains("error")) EXPECT_TRUE(r["error"]["code"].is_number_integer()) << message;
    }
  }
  EXPECT_EQ(Replies(server, R"({"id":7,"method":"nope"})")[0]["error"]["code"], kMethodNotFound);
  EXPECT_EQ(Replies(server, "{")[0]["error"]["code"], kParseError);
  EXPECT_EQ(Replies(server, R"({"id":"s","method":"$/unknown"})")[0]["id"], "s");
  EXPECT_TRUE(Replies(server, R"({"id":6,"result":null})").empty()) << "a response to nothing is ignored";
  // A bad notification cannot be answered; it is logged to the client instead.
  auto logged = Replies(server, R"({"method":"textDocument/didOpen","params":{"textDocument":{"uri":"u","text":7}}})");
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0]["method"], "window/logMessage");
}

TEST(LspServer, AMalformedChangeLeavesTheDocumentAsItWas) {
  Server server;
  Replies(server, R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})");
  Replies(
      server,
      R"({"method":"textDocument/didOpen","params":{"textDocument":{"uri":"u","version":1,"text":"let   x = 1"}}})");
  // The first change is fine, the second has no text: neither is applied.
  auto logged = Replies(server, R"({"method":"textDocument/didChange","params":{"textDocument":{"uri":"u","version":2},
      "contentChanges":[{"text":"let y = 2"},{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}}}]}})");
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0]["method"], "window/logMessage");
  auto formatted = Replies(server,
                           R"({"id":2,"method":"textDocument/formatting","params":{"textDocument":{"uri":"u"}}})");
  ASSERT_EQ(formatted[0]["result"].size(), 1u);
  EXPECT_EQ(formatted[0]["result"][0]["newText"], "let x = 1\n");
}

TEST(LspServer, HalfTypedTextNeverBreaksFeatures) {
  Server server;
  Replies(server, R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})");
  const char* texts[] = {"",
                         "input",
                         "input customers key id {",
                         "let x = sum(orders.",
                         "segments s { \"a\" when",
                         "import std.",
                         "let x = \"unterminated",
                         "\xFF\xFE garbage \x01",
                         "test \"t\" { expect"};
  for (const char* text : texts) {
    nlohmann::json open = {{"method", "textDocument/didOpen"},
                           {"params", {{"textDocument", {{"uri", "file:///t.seg"}, {"version", 1}, {"text", text}}}}}};
    ASSERT_EQ(Replies(server, open.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)).size(), 1u) << text;
    for (const char* method : {"textDocument/hover", "textDocument/completion", "textDocument/definition"}) {
      for (int line = 0; line < 2; ++line) {
        for (int character = 0; character < 30; character += 3) {
          nlohmann::json request = {{"id", 9},
                                    {"method", method},
                                    {"params",
                                     {{"textDocument", {{"uri", "file:///t.seg"}}},
                                      {"position", {{"line", line}, {"character", character}}}}}};
          std::vector<nlohmann::json> replies = Replies(server, request.dump());
          ASSERT_EQ(replies.size(), 1u);
          EXPECT_TRUE(replies[0].contains("result")) << method << " " << text << ": " << replies[0].dump();
        }
      }
    }
    for (const char* method : {"textDocument/formatting", "textDocument/documentSymbol"}) {
      nlohmann::json request = {{"id", 9},
                                {"method", method},
                                {"params", {{"textDocument", {{"uri", "file:///t.seg"}}}}}};
      EXPECT_TRUE(Replies(server, request.dump())[0].contains("result")) << method << " " << text;
    }
  }
}

}  // namespace
}  // namespace seg::lsp
