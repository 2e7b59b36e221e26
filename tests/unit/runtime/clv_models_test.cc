// BG/NBD and Gamma-Gamma on CDNOW against the published parameters (Fader, Hardie & Lee 2005;
// Fader & Hardie 2013 / lifetimes), plus the models' behaviour on small hand-made populations.
#include "runtime/kernels/clv_models.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace seg::rt {
namespace {

namespace fs = std::filesystem;

// The same lookup as the e2e tests: SEG_SHARED_DATA_DIR from the environment first (a worktree away
// from the repository's usual place), else the directory beside the repository.
fs::path SharedDataDir() {
  const char* from_environment = std::getenv("SEG_SHARED_DATA_DIR");
  if (from_environment != nullptr && *from_environment != 0) return fs::path(from_environment);
  return fs::weakly_canonical(fs::path(SEG_SHARED_DATA_DIR));
}

struct CdnowCustomer {
  PurchaseHistory history;
  double zbar = 0;
};

// cdnow_customers_summary_with_transactions.csv: ID,x,t_x,T,zbar (weeks; zbar the mean repeat value).
std::vector<CdnowCustomer> ReadCdnow(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  std::vector<CdnowCustomer> rows;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string id, x, t_x, T, zbar;
    std::getline(fields, id, ',');
    std::getline(fields, x, ',');
    std::getline(fields, t_x, ',');
    std::getline(fields, T, ',');
    std::getline(fields, zbar, ',');
    rows.push_back({{std::stod(x), std::stod(t_x), std::stod(T)}, std::stod(zbar)});
  }
  return rows;
}

class CdnowModels : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path path = SharedDataDir() / "cdnow" / "cdnow_customers_summary_with_transactions.csv";
    if (!fs::exists(path)) GTEST_SKIP() << "shared data not present: " << path;
    customers_ = ReadCdnow(path);
    ASSERT_EQ(customers_.size(), 2357u);
    for (const CdnowCustomer& c : customers_) histories_.push_back(c.history);
  }
  std::vector<CdnowCustomer> customers_;
  std::vector<PurchaseHistory> histories_;
};

// Three significant digits: |fitted - published| within half a unit in the third digit.
void ExpectThreeDigits(double fitted, double published, const char* name) {
  const double unit = std::pow(10.0, std::floor(std::log10(std::fabs(published))) - 2);
  EXPECT_LE(std::fabs(fitted - published), 0.5 * unit) << name << " = " << fitted;
}

TEST_F(CdnowModels, BgNbdMatchesThePublishedParameters) {
  const ModelFit<BgNbdParams> fit = FitBgNbd(histories_);
  ASSERT_TRUE(fit.ok) << fit.error;
  EXPECT_EQ(fit.customers, 2357u);
  ExpectThreeDigits(fit.params.r, 0.243, "r");
  ExpectThreeDigits(fit.params.alpha, 4.414, "alpha");
  ExpectThreeDigits(fit.params.a, 0.793, "a");
  ExpectThreeDigits(fit.params.b, 2.426, "b");
  // The paper reports LL = -9582.4 at its estimates.
  EXPECT_NEAR(fit.log_likelihood, -9582.4, 0.1);
}

TEST_F(CdnowModels, GammaGammaMatchesThePublishedParameters) {
  std::vector<double> x, zbar;
  for (const CdnowCustomer& c : customers_) {
    x.push_back(c.history.x);
    zbar.push_back(c.zbar);
  }
  const ModelFit<GammaGammaParams> fit = FitGammaGamma(x, zbar);
  ASSERT_TRUE(fit.ok) << fit.error;
  EXPECT_EQ(fit.customers, 946u);  // the repeat customers
  EXPECT_NEAR(fit.params.p, 6.25, 0.01 * 6.25);
  EXPECT_NEAR(fit.params.q, 3.74, 0.01 * 3.74);
  EXPECT_NEAR(fit.params.gamma, 15.44, 0.01 * 15.44);
}

TEST_F(CdnowModels, ExpectationsBehaveAsTheModelSays) {
  const BgNbdParams p{0.243, 4.414, 0.793, 2.426};
  // A customer with no repeat purchase cannot have dropped out yet.
  EXPECT_DOUBLE_EQ(ProbabilityAlive(p, {0, 0, 38.86}), 1.0);
  // Same frequency: the longer ago the last purchase, the less likely she is alive.
  EXPECT_GT(ProbabilityAlive(p, {5, 35, 38}), ProbabilityAlive(p, {5, 10, 38}));
  // Expected purchases grow with the horizon and are finite for every CDNOW customer.
  double total = 0;
  for (const PurchaseHistory& h : histories_) {
    double e10 = 0, e39 = 0;
    ASSERT_TRUE(ExpectedPurchases(p, h, 10, &e10));
    ASSERT_TRUE(ExpectedPurchases(p, h, 39, &e39));
    EXPECT_LT(e10, e39);
    EXPECT_GE(e10, 0);
    total += e39;
  }
  // Summed over the 39-week holdout: 1653.948 at the published parameters, computed independently
  // with mpmath's hyp2f1 at 15 digits (the sample's actual holdout count is 1,882 purchase days).
  EXPECT_NEAR(total, 1653.948, 0.01);
}

TEST(ClvModels, ExpectedSpendShrinksTowardsThePopulationMean) {
  const GammaGammaParams g{6.25, 3.74, 15.44};
  const double population_mean = g.p * g.gamma / (g.q - 1);
  EXPECT_DOUBLE_EQ(ExpectedAverageSpend(g, 0, 0), population_mean);
  // One purchase of 100: pulled towards the population mean; twenty purchases of 100: the
  // customer's own average dominates. p(gamma + x zbar) / (p x + q - 1) by hand: 80.256, 98.608.
  EXPECT_NEAR(ExpectedAverageSpend(g, 1, 100), 6.25 * 115.44 / 8.99, 1e-9);
  EXPECT_NEAR(ExpectedAverageSpend(g, 20, 100), 6.25 * 2015.44 / 127.74, 1e-9);
  EXPECT_LT(ExpectedAverageSpend(g, 1, 100), ExpectedAverageSpend(g, 20, 100));
}

TEST(ClvModels, DiscountedValueSumsDiscountedExpectedPurchases) {
  const BgNbdParams p{0.243, 4.414, 0.793, 2.426};
  const PurchaseHistory h{3, 30, 38};
  double undiscounted = 0, discounted = 0, expected = 0;
  ASSERT_TRUE(DiscountedValue(p, h, 20, 12, 1, 0.0, &undiscounted));
  ASSERT_TRUE(DiscountedValue(p, h, 20, 12, 1, 0.01, &discounted));
  ASSERT_TRUE(ExpectedPurchases(p, h, 12, &expected));
  EXPECT_NEAR(undiscounted, 20 * expected, 1e-9);
  EXPECT_LT(discounted, undiscounted);
}

// lifetimes' customer_lifetime_value: monthly steps (30 days = 30/7 weeks), 1% a month, 12
// months, a purchase worth 20. The expected value was computed independently with mpmath's
// hyp2f1 at 40 digits (the published CDNOW parameters, x = 2, t_x = 30, T = 38 weeks).
TEST(ClvModels, DiscountedValueOverMonthlyStepsMatchesAnIndependentComputation) {
  const BgNbdParams p{0.243, 4.414, 0.793, 2.426};
  const PurchaseHistory h{2, 30, 38};
  double value = 0;
  ASSERT_TRUE(DiscountedValue(p, h, 20, 12, 30.0 / 7, 0.01, &value));
  EXPECT_NEAR(value, 29.718997357105977, 1e-9);
}

TEST(ClvModels, FitsRefuseBadInputWithAMessage) {
  const std::vector<PurchaseHistory> none;
  EXPECT_FALSE(FitBgNbd(none).ok);
  const std::vector<PurchaseHistory> bad{{2, 10, 5}};  // last purchase after the window's end
  const ModelFit<BgNbdParams> fit = FitBgNbd(bad);
  EXPECT_FALSE(fit.ok);
  EXPECT_NE(fit.error.find("input 1"), std::string::npos) << fit.error;
  const std::vector<double> x{2}, zero_spend{0};
  EXPECT_FALSE(FitGammaGamma(x, zero_spend).ok);
  const std::vector<double> no_repeat{0}, spend{10};
  EXPECT_FALSE(FitGammaGamma(no_repeat, spend).ok);
}

// One customer with a single repeat purchase: the likelihood grows without bound as the
// parameters run off, so there is no estimate; the fit must say so instead of returning
// parameters (whether the simplex stops or not).
TEST(ClvModels, ADegenerateFitIsAnErrorNotNaN) {
  const std::vector<PurchaseHistory> one{{1, 1, 1}};
  const ModelFit<BgNbdParams> fit = FitBgNbd(one);
  EXPECT_FALSE(fit.ok);
  EXPECT_NE(fit.error.find("did not converge"), std::string::npos) << fit.error;
  // Two such customers: whether the simplex stops or runs out, there is no estimate.
  const std::vector<PurchaseHistory> in_days{{1, 1, 1}, {1, 1, 1}};
  const ModelFit<BgNbdParams> edge = FitBgNbd(in_days);
  EXPECT_FALSE(edge.ok);
  EXPECT_NE(edge.error.find("did not converge"), std::string::npos) << edge.error;
}

}  // namespace
}  // namespace seg::rt
