// The HTTP client against a real server: statements, inserts, and errors that say what failed,
// where, and never the password.
#include "runtime/io/clickhouse/clickhouse_client.h"

#include <gtest/gtest.h>

#include "runtime/io/clickhouse/native_format.h"
#include "tests/support/clickhouse_cluster.h"
#include "tests/support/server_process.h"

namespace seg::test {
namespace {

using rt::ch::Client;
using rt::ch::ParseClickHouseUrl;

class ClickHouseClientTest : public ClickHouseTest {
 protected:
  Client Connect(const std::string& url_text) {
    auto url = ParseClickHouseUrl(url_text);
    EXPECT_TRUE(url.ok()) << url.message();
    return Client(*url);
  }
};

TEST_F(ClickHouseClientTest, RunsStatementsAndInserts) {
  Client client = Connect(cluster().Url());
  EXPECT_FALSE(client.Version().empty());
  client.Query("DROP TABLE IF EXISTS client_t", "dropping");
  client.Query("CREATE TABLE client_t (a Int64, s String) ENGINE = Memory", "creating");
  client.Insert("INSERT INTO client_t FORMAT TabSeparated", "1\tone\n2\ttwo\n", "inserting");
  EXPECT_EQ(client.Query("SELECT sum(a), max(s) FROM client_t FORMAT TabSeparated", "summing"), "3\ttwo\n");
}

TEST_F(ClickHouseClientTest, ServerErrorNamesWhatFailed) {
  Client client = Connect(cluster().Url());
  try {
    client.Query("SELECT * FROM no_such_table", "reading table no_such_table");
    FAIL() << "no error";
  } catch (const rt::ch::Error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("ClickHouse 127.0.0.1:"), std::string::npos) << message;
    EXPECT_NE(message.find("reading table no_such_table"), std::string::npos) << message;
    EXPECT_NE(message.find("no_such_table doesn't exist"), std::string::npos) << message;
    EXPECT_NE(message.find("(code 60)"), std::string::npos) << message;
    EXPECT_EQ(message.find("e.what()"), std::string::npos) << message;
  }
}

TEST_F(ClickHouseClientTest, WrongPasswordAndRefusedConnectionNeverShowThePassword) {
  Client wrong = Connect(cluster().Url().replace(0, 13, "clickhouse://default:Secret-pw-123@"));
  try {
    wrong.Version();
    FAIL() << "no error";
  } catch (const rt::ch::Error& e) {
    std::string message = e.what();
    EXPECT_EQ(message.find("Secret-pw-123"), std::string::npos) << message;
    EXPECT_NE(message.find("ssword"), std::string::npos) << message;  // "Wrong password" / "password is incorrect"
  }
  Client refused = Connect("clickhouse://u:Secret-pw-123@127.0.0.1:" + std::to_string(FreeLoopbackPort()) + "/default");
  try {
    refused.Version();
    FAIL() << "no error";
  } catch (const rt::ch::Error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("cannot reach the server"), std::string::npos) << message;
    EXPECT_EQ(message.find("Secret-pw-123"), std::string::npos) << message;
  }
}

// A streamed answer: the rows decoded as they arrive come to the whole answer; a statement that
// fails after the server has sent status 200 and megabytes of rows (18.16 appends its error text
// to the body) fails with the server's message, never as a shorter answer.
TEST_F(ClickHouseClientTest, StreamedAnswersFailWithTheServersErrorEvenAfterRowsWereSent) {
  Client client = Connect(cluster().Url());
  rt::ch::Settings native = {{"default_format", "Native"}};
  auto stream = [&](const std::string& sql, rt::ch::NativeDecoder& decoder) {
    rt::ch::BodyReader reader{.feed = [&](std::string_view piece) { return decoder.Feed(piece); },
                              .finish = [&] { return decoder.Finish(); }};
    client.QueryStreaming(sql, "streaming", native, reader);
  };
  rt::ch::NativeDecoder whole;
  stream("SELECT number, toString(number) AS s FROM system.numbers LIMIT 300000 SETTINGS max_block_size = 1000", whole);
  ASSERT_EQ(whole.result().columns.size(), 2u);
  ASSERT_EQ(whole.result().columns[1].size(), 300000u);
  EXPECT_EQ(whole.result().columns[0].Int(299999), 299999);
  EXPECT_EQ(whole.result().columns[1].Text(123456), "123456");

  rt::ch::NativeDecoder cut;
  try {
    stream(
        "SELECT number, throwIf(number = 3000000) AS t FROM system.numbers LIMIT 4000000 "
        "SETTINGS max_block_size = 1000",
        cut);
    FAIL() << "no error";
  } catch (const rt::ch::Error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("streaming"), std::string::npos) << message;
    EXPECT_NE(message.find("throwIf"), std::string::npos) << message;
    EXPECT_NE(message.find("(code 395)"), std::string::npos) << message;
    EXPECT_EQ(message.find("e.what()"), std::string::npos) << message;
  }
  // Rows had arrived (so the error came after status 200), and are not the answer.
  ASSERT_EQ(cut.result().columns.size(), 2u);
  EXPECT_GT(cut.result().columns[0].size(), 1000000u);
  EXPECT_FALSE(cut.Finish().ok());
}

TEST(TrailingServerErrorTest, FindsTheErrorTextAtTheEndOfABody) {
  std::string rows("\x02\x03Code: 1\x00\x01", 10);
  EXPECT_EQ(rt::ch::TrailingServerError(rows), std::string::npos);
  std::string old = rows +
                    "Code: 395, e.displayText() = DB::Exception: Value passed to 'throwIf' function is non zero\n";
  EXPECT_EQ(rt::ch::TrailingServerError(old), rows.size());
  std::string current = rows + "Code: 395. DB::Exception: Value passed to 'throwIf' function is non zero\n";
  EXPECT_EQ(rt::ch::TrailingServerError(current), rows.size());
}

TEST(ServerMessageTest, OldAndNewLayouts) {
  EXPECT_EQ(rt::ch::ServerMessage("Code: 60, e.displayText() = DB::Exception: Table default.x doesn't exist., "
                                  "e.what() = DB::Exception\n"),
            "Table default.x doesn't exist. (code 60)");
  EXPECT_EQ(rt::ch::ServerMessage("Code: 60. DB::Exception: Table default.x does not exist. (UNKNOWN_TABLE) "
                                  "(version 23.8.1.1)\n"),
            "Table default.x does not exist. (UNKNOWN_TABLE) (code 60)");
}

}  // namespace
}  // namespace seg::test
