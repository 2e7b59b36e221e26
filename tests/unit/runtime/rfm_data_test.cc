// Loads a real public data set (the rfm R package's sample orders) end to end.
#include <gtest/gtest.h>

#include <filesystem>

#include "runtime/event_index.h"
#include "runtime/io/csv_reader.h"
#include "runtime/money.h"

namespace seg::rt {
namespace {

TEST(RfmDataTest, LoadsOrdersAsAnEventTable) {
  std::string path = std::string(SEG_SHARED_DATA_DIR) + "/rfm-r-package/rfm_data_orders.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared data not present: " << path;
  TableSpec spec{"orders",
                 {{"customer_id", ValueType::kId}, {"order_date", ValueType::kDate}, {"revenue", ValueType::kMoney}},
                 "customer_id",
                 "order_date",
                 true};
  for (size_t threads : {1u, 3u}) {
    LoadOptions options;
    options.threads = threads;
    LoadResult result = LoadCsvTable(spec, path, options, TimeZone::Utc());
    ASSERT_TRUE(result.ok()) << result.status.message();
    const Table& orders = result.table;
    EXPECT_EQ(orders.num_rows(), 4906u);
    const Column& customer = *orders.FindColumn("customer_id");
    EXPECT_EQ(customer.dictionary().size(), 995u);
    int64_t total = 0;
    for (int64_t revenue : orders.FindColumn("revenue")->values<int64_t>())
      ASSERT_TRUE(CheckedAddMoney(total, revenue, &total));
    EXPECT_EQ(FormatMoney(total), "464158");

    std::vector<const Column*> keys = {&customer};
    Column customers = DeriveCustomers(keys);
    EXPECT_EQ(customers.size(), 995u);
    EventIndex index = BuildEventIndex(customers, customer, *orders.FindColumn("order_date"), threads);
    ASSERT_TRUE(index.ok());
    EXPECT_EQ(index.permutation.size(), 4906u);
    EXPECT_EQ(index.unknown_customer_events, 0u);
    EXPECT_EQ(index.offsets.back(), 4906u);
  }
}

}  // namespace
}  // namespace seg::rt
