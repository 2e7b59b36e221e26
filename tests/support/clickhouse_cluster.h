#pragma once

// A two-shard ClickHouse cluster for tests: each test binary that uses it starts its own, once:
// two clickhouse-server processes on free loopback ports, each in its own temporary directory with
// its own config file (HTTP, TCP and interserver ports on 127.0.0.1, data path) and the same
// `remote_servers` cluster kCluster naming both. They are stopped and the directory removed when
// the process ends, even when it crashes (a watchdog process waits for the test process to go).
//
//   class MyTest : public seg::test::ClickHouseTest {};
//   TEST_F(MyTest, Reads) {
//     cluster().LoadSharded("events", table, "customer");   // a MergeTree shard on each server
//     std::string url = cluster().Url("?table=events");     // clickhouse://127.0.0.1:PORT/default
//   }
//
// Register such a binary with add_test (one process, one cluster). A cluster that cannot start
// FAILS every test with the reason.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "runtime/io/clickhouse/clickhouse_client.h"
#include "runtime/table.h"
#include "tests/support/server_process.h"

namespace seg::test {

class ClickHouseCluster {
 public:
  static constexpr const char* kCluster = "seg_cluster";
  static constexpr const char* kDatabase = "default";
  static constexpr int kShards = 2;

  // This process's cluster, started on the first call (about a second).
  // Throws std::runtime_error with the reason (and the servers' logs) when it cannot start.
  static ClickHouseCluster& Get();

  // clickhouse://127.0.0.1:HTTP_PORT/default of the first server, followed by `suffix`.
  std::string Url(const std::string& suffix = "", int shard = 0) const;
  int http_port(int shard) const { return servers_[shard].http_port; }

  // Runs SQL on one server; returns the response body (TabSeparated unless the SQL says).
  std::string Query(const std::string& sql, int shard = 0);
  // Runs SQL on every server (tables are created on each: no ZooKeeper for ON CLUSTER).
  void QueryOnEach(const std::string& sql);

  // Stores `table` as NAME_local, a MergeTree on each server holding the rows whose `key`
  // hashes to it, and NAME, a Distributed(kCluster, default, NAME_local, cityHash64(key)) table (ifNull(key, ''))
  // over both (on each server). Columns take rt::ch::SegColumnType; a column seg_row (UInt64)
  // numbers the rows in `table`'s order, and each shard is sorted by it. Replaces tables of
  // those names (or, when this cluster made them with the same columns, empties and refills them).
  // `stored`: columns (by name) stored otherwise, as their ClickHouse type and each row's value
  // already in RowBinary (a money column declared Decimal(38, 6), say).
  struct StoredColumn {
    std::string type;
    std::vector<std::string> values;
  };
  void LoadSharded(const std::string& name, const rt::Table& table, const std::string& key,
                   const std::map<std::string, StoredColumn>& stored = {});
  // Rows of NAME_local on each server.
  std::vector<size_t> ShardRowCounts(const std::string& name);

  ~ClickHouseCluster();

 private:
  struct Server {
    std::string directory;
    int http_port = 0, tcp_port = 0, interserver_port = 0;
    int pid = -1;
    std::unique_ptr<rt::ch::Client> client;
  };

  ClickHouseCluster() = default;
  void Start();
  void WriteConfig(const Server& server) const;

  std::string directory_;
  std::vector<Server> servers_;
  std::unique_ptr<Watchdog> watchdog_;
  std::map<std::string, std::string> layouts_;  // table name -> the columns and key it was created with
};

// Fixture: SetUp fails the test with the cluster's start-up error instead of skipping it.
class ClickHouseTest : public ::testing::Test {
 protected:
  void SetUp() override;
  ClickHouseCluster& cluster() { return *cluster_; }

 private:
  ClickHouseCluster* cluster_ = nullptr;
};

}  // namespace seg::test
