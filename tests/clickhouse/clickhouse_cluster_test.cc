// The test cluster itself: two servers, a table sharded by customer over both, and a query
// through the Distributed table that really aggregates on both shards.
#include "tests/support/clickhouse_cluster.h"

#include <gtest/gtest.h>

#include <map>

namespace seg::test {
namespace {

class ClickHouseClusterTest : public ClickHouseTest {};

TEST_F(ClickHouseClusterTest, ShardsByCustomerAndAggregatesOnBoth) {
  rt::Table events("events");
  rt::Column customer(rt::ValueType::kId), amount(rt::ValueType::kMoney);
  std::map<std::string, int64_t> expected;
  for (int i = 0; i < 200; ++i) {
    std::string key = "c" + std::to_string(i % 37);
    customer.AppendText(key);
    amount.AppendInt64(i * 1234 + 1);
    expected[key] += i * 1234 + 1;
  }
  events.AddColumn("customer", std::move(customer));
  events.AddColumn("amount", std::move(amount));
  cluster().LoadSharded("cluster_events", events, "customer");
  std::vector<size_t> counts = cluster().ShardRowCounts("cluster_events");
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_GT(counts[0], 0u);
  EXPECT_GT(counts[1], 0u);
  EXPECT_EQ(counts[0] + counts[1], 200u);
  // Every customer's rows are on one shard only.
  for (int shard = 0; shard < 2; ++shard) {
    std::string other = cluster().Query("SELECT groupUniqArray(customer) FROM cluster_events_local", 1 - shard);
    std::string overlap = cluster().Query("SELECT count() FROM cluster_events_local WHERE has(" +
                                              other.substr(0, other.size() - 1) + ", customer)",
                                          shard);
    EXPECT_EQ(overlap, "0\n");
  }
  // The same answer from either server, through the Distributed table.
  std::string want;
  for (const auto& [key, units] : expected) {
    want += key + "\t" + std::to_string(units / 10000) + "." +
            std::string(4 - std::to_string(units % 10000).size(), '0') + std::to_string(units % 10000) + "\n";
  }
  for (int shard = 0; shard < 2; ++shard) {
    EXPECT_EQ(cluster().Query("SELECT customer, sum(amount) FROM cluster_events GROUP BY customer ORDER BY customer",
                              shard),
              want);
  }
}

}  // namespace
}  // namespace seg::test
