#include "compiler/driver/sql_server_clickhouse.h"

#include "runtime/io/clickhouse/clickhouse_client.h"
#include "runtime/io/clickhouse/native_format.h"

namespace seg::driver {

namespace {

class ClickHouseServer final : public SqlServer {
 public:
  explicit ClickHouseServer(const rt::ch::ClickHouseUrl& url) : client_(url) { client_.Version(); }

  SqlResult Query(const std::string& sql) override {
    // The answer decoded as it arrives, while the server still sends (and, for a statement whose
    // rows come in many blocks, still computes) the rest.
    rt::ch::NativeDecoder decoder;
    rt::ch::BodyReader reader{.feed = [&](std::string_view piece) { return decoder.Feed(piece); },
                              .finish = [&] { return decoder.Finish(); }};
    try {
      // A statement carries seg's ranking results as constants (one per distinct value for
      // percent_rank on an engine without windows): lift the 256 KiB default limit on its text.
      client_.QueryStreaming(sql, "running the program",
                             {{"default_format", "Native"}, {"max_query_size", "1073741824"}}, reader);
    } catch (const rt::ch::Error& e) {
      throw std::runtime_error(ExplainClickHouseError(e.what()));
    }
    return std::move(decoder.result().columns);
  }
  std::vector<std::pair<std::string, std::string>> ColumnTypes(const std::string& table) override {
    std::string answer;
    try {
      answer = client_.Query("DESCRIBE TABLE " + table, "describing a table", {{"default_format", "TabSeparated"}});
    } catch (const rt::ch::Error&) {
      return {};  // the statement reports a missing table in its own words
    }
    // One line per column: name, type, default kind, default expression. A name TabSeparated
    // escapes matches no declared column, which leaves its type unknown.
    std::vector<std::pair<std::string, std::string>> columns;
    for (size_t start = 0; start < answer.size();) {
      size_t end = answer.find('\n', start);
      if (end == std::string::npos) end = answer.size();
      std::string_view line(answer.data() + start, end - start);
      size_t tab = line.find('\t'), tab2 = tab == std::string_view::npos ? tab : line.find('\t', tab + 1);
      if (tab != std::string_view::npos) {
        columns.emplace_back(line.substr(0, tab),
                             line.substr(tab + 1, tab2 == std::string_view::npos ? tab2 : tab2 - tab - 1));
      }
      start = end + 1;
    }
    return columns;
  }
  std::string Describe() const override { return client_.url().Display(); }
  std::string DialectName() const override { return "clickhouse"; }

 private:
  mutable rt::ch::Client client_;
};

}  // namespace

std::string ExplainClickHouseError(const std::string& message) {
  if (message.find("(code 407)") != std::string::npos) {
    return message + " [seg: a 64-bit int or money value overflowed, which fails the run in seg too]";
  }
  if (message.find("(code 395)") != std::string::npos) {
    return message +
           " [seg: a value ClickHouse cannot compute exactly: a time before 1970 or from 2100 on, "
           "a float too large for a 64-bit int, or a running sum that overflowed, which fails the run in seg too]";
  }
  return message;
}

rt::Result<std::unique_ptr<SqlServer>> ConnectClickHouse(const std::string& url_text) {
  rt::Result<rt::ch::ClickHouseUrl> url = rt::ch::ParseClickHouseUrl(url_text);
  if (!url.ok()) return url.status();
  try {
    return std::unique_ptr<SqlServer>(std::make_unique<ClickHouseServer>(*url));
  } catch (const rt::ch::Error& e) {
    return rt::Status::Error(e.what());
  }
}

}  // namespace seg::driver
