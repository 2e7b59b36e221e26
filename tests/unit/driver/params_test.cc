// BindParams: a value bound by --param (or the API) means what the same text means as the
// param's default in the rule file, so a run's answer does not depend on where a param was set.
#include <gtest/gtest.h>

#include "compiler/driver/compiler.h"
#include "compiler/driver/params.h"

namespace seg::driver {
namespace {

std::vector<sema::Value> Bind(const Compilation& c, const std::vector<std::string>& assignments) {
  std::vector<sema::Value> values;
  std::string error;
  EXPECT_TRUE(BindParams(*c.ir, assignments, "2025-06-30", &values, &error)) << error;
  return values;
}

TEST(BindParamsTest, TimestampWithoutOffsetIsLocalTimeAsInTheDefault) {
  std::unique_ptr<Compilation> c = CompileText("tz.seg",
                                               "timezone \"Europe/Berlin\"\n"
                                               "input customers key id { }\n"
                                               "param cutoff: timestamp = 2025-03-01T00:00\n",
                                               CompileOptions{});
  ASSERT_TRUE(c->ok() && c->ir);
  size_t cutoff = 0;
  while (c->ir->params[cutoff].name != "cutoff") ++cutoff;
  const int64_t by_default = Bind(*c, {})[cutoff].i;
  EXPECT_EQ(Bind(*c, {"cutoff=2025-03-01T00:00"})[cutoff].i, by_default) << "Berlin midnight, as the default";
  EXPECT_EQ(Bind(*c, {"cutoff=2025-02-28T23:00:00Z"})[cutoff].i, by_default) << "an explicit offset is kept";
  EXPECT_EQ(Bind(*c, {"cutoff=2025-03-01T00:00:00Z"})[cutoff].i - by_default, int64_t{3600} * 1000000);
}

}  // namespace
}  // namespace seg::driver
