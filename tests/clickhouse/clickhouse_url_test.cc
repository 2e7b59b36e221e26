// clickhouse:// URLs: every part, defaults, errors, and the password never in a message.
#include "runtime/io/clickhouse/clickhouse_url.h"

#include <gtest/gtest.h>

namespace seg::rt::ch {
namespace {

TEST(ClickHouseUrlTest, ParsesEveryPart) {
  auto url = ParseClickHouseUrl("clickhouse://ana:s%40cret@db.example:8124/crm?table=events");
  ASSERT_TRUE(url.ok()) << url.message();
  EXPECT_EQ(url->user, "ana");
  EXPECT_EQ(url->password, "s@cret");
  EXPECT_EQ(url->host, "db.example");
  EXPECT_EQ(url->port, 8124);
  EXPECT_EQ(url->database, "crm");
  EXPECT_EQ(url->table, "events");
  EXPECT_EQ(url->Display(), "clickhouse://ana@db.example:8124/crm?table=events");
  EXPECT_EQ(url->Where(), "db.example:8124/crm");
  EXPECT_EQ(url->HttpBase(), "http://db.example:8124/");
}

TEST(ClickHouseUrlTest, DefaultsAndIpv6) {
  auto url = ParseClickHouseUrl("CLICKHOUSE://[::1]");
  ASSERT_TRUE(url.ok()) << url.message();
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 8123);
  EXPECT_EQ(url->Where(), "[::1]:8123/default");
  EXPECT_EQ(url->HttpBase(), "http://[::1]:8123/");
  EXPECT_TRUE(IsClickHouseUrl("clickhouse://h:1/d"));
  EXPECT_FALSE(IsClickHouseUrl("postgresql://h/d"));
}

TEST(ClickHouseUrlTest, RefusesMalformedWithoutThePassword) {
  for (const char* text : {"clickhouse://u:hunter2@h:99999/db", "clickhouse://u:hunter2@h:80/db?tabel=x",
                           "clickhouse://u:hunter2@:80/db", "clickhouse://u:hunter2@h:80/db?table=a&table=b"}) {
    auto url = ParseClickHouseUrl(text);
    EXPECT_FALSE(url.ok()) << text;
    const std::string& error = url.message();
    EXPECT_NE(error.find("bad ClickHouse URL"), std::string::npos) << error;
    EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
  }
}

TEST(ClickHouseUrlTest, RedactsPasswords) {
  EXPECT_EQ(RedactClickHousePasswords("--on clickhouse://u:pw@h:1/d --out x"), "--on clickhouse://u@h:1/d --out x");
  EXPECT_EQ(RedactClickHousePasswords("clickhouse://h:1/d?password=pw&table=t"),
            "clickhouse://h:1/d?password=***&table=t");
}

TEST(ClickHouseUrlTest, Quotes) {
  EXPECT_EQ(QuoteIdentifier("a`b"), "`a\\`b`");
  EXPECT_EQ(QuoteString("it's \\"), "'it\\'s \\\\'");
}

}  // namespace
}  // namespace seg::rt::ch
