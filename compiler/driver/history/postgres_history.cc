// The PostgreSQL history table as recorded runs (recorded_runs.h). The table has a row per
// customer and classification where the customer has a bucket, and per tag the customer has
// (docs/POSTGRES.md): a run's membership is rebuilt from its rows. Customers in no bucket and
// with no tag have no row, so they are simply absent, which for the changes is the same as being
// in no bucket. The table does not keep the buckets' declaration order or the key's type: the
// buckets and tags are ordered by name, the keys are text.
#include <algorithm>
#include <map>
#include <set>

#include "compiler/driver/history/recorded_runs.h"
#include "runtime/io/postgres/postgres_connection.h"
#include "runtime/io/postgres/postgres_url.h"

namespace seg::driver {

namespace {

namespace pg = rt::pg;

class PostgresRuns : public RecordedRuns {
 public:
  explicit PostgresRuns(const pg::PostgresUrl& url) : url_(url), connection_(url), table_(url.table->Sql()) {
    connection_.Exec("SET client_min_messages = warning");
  }

  rt::Result<std::vector<uint64_t>> List() override {
    return Guard([&]() -> rt::Result<std::vector<uint64_t>> {
      pg::Result rows = connection_.Exec("SELECT DISTINCT run_id FROM " + table_ + " ORDER BY run_id");
      std::vector<uint64_t> ids;
      for (int i = 0; i < PQntuples(rows.get()); ++i) ids.push_back(std::stoull(PQgetvalue(rows.get(), i, 0)));
      return ids;
    });
  }

  rt::Result<uint64_t> Resolve(const std::vector<uint64_t>& runs, const std::string& text) override {
    bool date = text.size() == 10 && text[4] == '-' && text[7] == '-';
    bool number = !text.empty() && text.size() < 19 && text.find_first_not_of("0123456789") == std::string::npos;
    if (!date && !number) return rt::Status::Error("'" + text + "' is neither a run number nor a date (YYYY-MM-DD)");
    if (number) {
      uint64_t id = std::stoull(text);
      if (std::binary_search(runs.begin(), runs.end(), id)) return id;
      return rt::Status::Error(Name() + ": no run " + text + " recorded");
    }
    return Guard([&]() -> rt::Result<uint64_t> {
      pg::Result found = connection_.ExecParams("SELECT max(run_id) FROM " + table_ + " WHERE as_of = $1::date",
                                                {text});
      if (PQgetisnull(found.get(), 0, 0)) return rt::Status::Error(Name() + ": no run recorded with as_of " + text);
      return std::stoull(PQgetvalue(found.get(), 0, 0));
    });
  }

  rt::Result<rt::Membership> Read(uint64_t run) override {
    return Guard([&]() -> rt::Result<rt::Membership> {
      pg::Result rows = connection_.ExecParams(
          "SELECT as_of::text, program_hash, customer, classification, bucket, tag FROM " + table_ +
              " WHERE run_id = $1 ORDER BY customer COLLATE \"C\"",
          {std::to_string(run)});
      rt::Membership m;
      m.run_id = run;
      m.key_name = "customer";
      std::map<std::string, std::set<std::string>> labels;  // classification -> buckets
      std::set<std::string> tags;
      const int n = PQntuples(rows.get());
      auto cell = [&](int row, int column) { return std::string(PQgetvalue(rows.get(), row, column)); };
      auto null = [&](int row, int column) { return PQgetisnull(rows.get(), row, column) != 0; };
      for (int i = 0; i < n; ++i) {
        if (!null(i, 3)) labels[cell(i, 3)].insert(cell(i, 4));
        if (!null(i, 5)) tags.insert(cell(i, 5));
        if (m.keys.empty() || m.keys.back() != cell(i, 2)) m.keys.push_back(cell(i, 2));
      }
      if (n > 0) {
        m.as_of = cell(0, 0);
        m.program_hash = cell(0, 1);
      }
      std::map<std::string, size_t> class_index, tag_index;
      std::vector<std::map<std::string, uint32_t>> codes;
      for (const auto& [name, buckets] : labels) {
        class_index[name] = m.classifications.size();
        m.classifications.push_back({name, std::vector<std::string>(buckets.begin(), buckets.end())});
        codes.emplace_back();
        for (const std::string& b : buckets) codes.back()[b] = static_cast<uint32_t>(codes.back().size()) + 1;
      }
      for (const std::string& t : tags) {
        tag_index[t] = m.tags.size();
        m.tags.push_back(t);
      }
      m.buckets.assign(m.classifications.size(), std::vector<uint32_t>(m.keys.size(), 0));
      m.tagged.assign(m.tags.size(), std::vector<uint8_t>(m.keys.size(), 0));
      size_t customer = 0;
      for (int i = 0; i < n; ++i) {
        if (m.keys[customer] != cell(i, 2)) ++customer;
        if (!null(i, 3)) {
          size_t c = class_index[cell(i, 3)];
          m.buckets[c][customer] = codes[c][cell(i, 4)];
        }
        if (!null(i, 5)) m.tagged[tag_index[cell(i, 5)]][customer] = 1;
      }
      // The rows came in the server's "C" collation order, which is byte order; sort anyway, as
      // the changes rely on it.
      rt::SortByKey(&m);
      rt::CountMembers(&m);
      return m;
    });
  }

 private:
  std::string Name() const { return url_.Display(); }
  // A pg::Error as a Status naming the table.
  template <typename F> auto Guard(F f) -> decltype(f()) {
    try {
      return f();
    } catch (const pg::Error& e) {
      return rt::Status::Error(Name() + ": " + e.what());
    }
  }

  pg::PostgresUrl url_;
  pg::Connection connection_;
  std::string table_;
};

}  // namespace

rt::Result<std::unique_ptr<RecordedRuns>> OpenPostgresHistory(const std::string& text) {
  rt::Result<pg::PostgresUrl> url = pg::ParsePostgresUrl(text);
  if (!url.ok()) return rt::Status::Error(pg::RedactPasswords(text) + ": " + url.message());
  if (!url->table) return rt::Status::Error(url->Display() + ": a history table needs ?table=SCHEMA.TABLE");
  try {
    return std::unique_ptr<RecordedRuns>(std::make_unique<PostgresRuns>(*url));
  } catch (const pg::Error& e) {
    return rt::Status::Error(url->Display() + ": " + e.what());
  }
}

}  // namespace seg::driver
