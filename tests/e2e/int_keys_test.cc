// Int customer keys through the other commands than `seg run` (the run itself is the e2e case
// keys_int_events): explain finds 0007 as customer 7, and customers derived from event files
// keep int keys.
#include <gtest/gtest.h>

#include "e2e_support.h"

namespace seg::e2e {
namespace {

fs::path IntKeysCase() { return SourceDir() / "tests/e2e/cases/keys_int_events"; }

TEST(IntKeys, ExplainFindsACustomerWrittenWithLeadingZeros) {
  Result r = RunSeg(IntKeysCase(),
                    "explain program.seg --input customers=customers.csv --input orders=orders.csv "
                    "--as-of 2024-06-30 --customer 0007");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("customer 7 (as_of 2024-06-30)", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("n = 2"), std::string::npos) << r.out;
  Result unknown = RunSeg(IntKeysCase(),
                          "explain program.seg --input customers=customers.csv --input "
                          "orders=orders.csv --as-of 2024-06-30 --customer 7x");
  EXPECT_EQ(unknown.status, 1);
  EXPECT_NE(unknown.err.find("no customer \"7x\""), std::string::npos) << unknown.err;
}

TEST(IntKeys, CustomersDerivedFromEventsKeepTheirNumbers) {
  // orders.csv writes customer 10 once as 0010: one customer, written 10.
  Result r = RunSeg(IntKeysCase(), "run program.seg --input orders=orders.csv --as-of 2024-06-30 --with n --quiet");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "id,buyer,n\n7,true,2\n10,true,2\n1,true,2\n30,true,1\n2,true,1\n");
}

}  // namespace
}  // namespace seg::e2e
