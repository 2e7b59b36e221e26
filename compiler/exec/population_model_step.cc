// The population step for model fits, for every engine: p_alive and expected_purchases fit BG/NBD,
// expected_spend fits Gamma-Gamma, over every customer whose inputs are present; then each such
// customer gets her prediction (runtime/kernels/clv_models.h, docs/MODELS.md). A customer with a
// missing input takes no part and gets a missing output. A fit that fails is a run-time error that
// names the let and the reason: no output, never NaN.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "compiler/exec/run_state.h"
#include "runtime/kernels/clv_models.h"

namespace seg::exec {

using ir::Node;
using ir::NodeId;

namespace {

std::string Number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

}  // namespace

void RunState::RunModelFit(NodeId id) {
  const Node& n = p_.nodes[id];
  const lang::PopulationSpec& spec = n.population;
  size_t count = data_.num_customers();
  Buffer& out = full_[id];
  out.Resize(count, true);
  for (size_t c = 0; c < count; ++c) {
    out.v[c] = 0;
    out.f[c] = 0;
  }
  std::string origin = info_[id].origin.empty() ? "the program" : info_[id].origin;
  auto fail = [&](const std::string& what) {
    std::lock_guard<std::mutex> lock(error_mutex_);
    if (error_.customer == 0 && !error_.message.empty()) return;  // an earlier fit failed first
    error_.customer = 0;
    error_node_ = id;
    error_.message = what + " in " + origin;
  };

  if (spec.func == lang::PopFunc::kExpectedSpend) {
    // Gamma-Gamma over the repeat customers; everyone with a known repeat count gets a prediction
    // (no repeat purchase: the population's mean spend).
    std::vector<double> x(count, 0), zbar(count, 0);
    std::vector<uint8_t> present(count, 0);
    std::vector<double> fit_x, fit_zbar;
    for (size_t c = 0; c < count; ++c) {
      if (!PopulationInput(n.args[0], c, &x[c])) continue;
      bool has_spend = PopulationInput(n.args[1], c, &zbar[c]);
      if (x[c] > 0 && !has_spend) continue;
      if (x[c] > 0 && !(zbar[c] > 0)) {
        RecordError(c, id, "expected_spend(...) needs a positive average spend for a repeat customer, not " +
                               Number(zbar[c]));
        return;
      }
      present[c] = 1;
      if (x[c] > 0) {
        fit_x.push_back(x[c]);
        fit_zbar.push_back(zbar[c]);
      }
    }
    rt::ModelFit<rt::GammaGammaParams> fit = rt::FitGammaGamma(fit_x, fit_zbar);
    if (!fit.ok) return fail(fit.error);
    const rt::GammaGammaParams& g = fit.params;
    result_.model_fits.push_back("Gamma-Gamma fit for " + origin + " (" + std::to_string(fit.customers) +
                                 " repeat customers): p = " + Number(g.p) + ", q = " + Number(g.q) +
                                 ", gamma = " + Number(g.gamma) + ", log-likelihood = " +
                                 Number(fit.log_likelihood) + ", " + std::to_string(fit.iterations) +
                                 " iterations");
    for (size_t c = 0; c < count; ++c) {
      if (!present[c]) continue;
      out.f[c] = rt::ExpectedAverageSpend(g, x[c], zbar[c]);
      out.v[c] = 1;
    }
    return;
  }

  // BG/NBD: x repeat purchases, t_x and T in periods of spec.period_days.
  std::vector<rt::PurchaseHistory> history(count);
  std::vector<uint8_t> present(count, 0);
  std::vector<rt::PurchaseHistory> fitted;
  for (size_t c = 0; c < count; ++c) {
    rt::PurchaseHistory& h = history[c];
    if (!PopulationInput(n.args[0], c, &h.x) || !PopulationInput(n.args[1], c, &h.t_x) ||
        !PopulationInput(n.args[2], c, &h.T)) {
      continue;
    }
    h.t_x /= spec.period_days;
    h.T /= spec.period_days;
    if (h.x < 0 || h.t_x < 0 || h.T < 0 || h.t_x > h.T) {
      RecordError(c, id, "BG/NBD needs repeat >= 0 and 0 <= recency <= age, not repeat " + Number(h.x) +
                             ", recency " + Number(h.t_x * spec.period_days) + " days, age " +
                             Number(h.T * spec.period_days) + " days (with timestamps, measure both in calendar days, " +
                             "from date(first(...)), since as_of includes its whole day)");
      return;
    }
    present[c] = 1;
    // A customer first seen at the end of the window (age 0) tells the fit nothing; she is still
    // predicted.
    if (h.T > 0) fitted.push_back(h);
  }
  rt::ModelFit<rt::BgNbdParams> fit = rt::FitBgNbd(fitted);
  if (!fit.ok) return fail(fit.error);
  const rt::BgNbdParams& p = fit.params;
  std::string unit = spec.period_days == 7 ? "weeks" : "days";
  result_.model_fits.push_back("BG/NBD fit for " + origin + " (" + std::to_string(fit.customers) +
                               " customers, " + unit + "): r = " + Number(p.r) + ", alpha = " + Number(p.alpha) +
                               ", a = " + Number(p.a) + ", b = " + Number(p.b) + ", log-likelihood = " +
                               Number(fit.log_likelihood) + ", " + std::to_string(fit.iterations) + " iterations");
  double horizon = spec.horizon_days / spec.period_days;
  for (size_t c = 0; c < count; ++c) {
    if (!present[c]) continue;
    if (spec.func == lang::PopFunc::kPAlive) {
      out.f[c] = rt::ProbabilityAlive(p, history[c]);
    } else if (!rt::ExpectedPurchases(p, history[c], horizon, &out.f[c])) {
      RecordError(c, id, "expected_purchases(...) could not evaluate the hypergeometric function");
      return;
    }
    out.v[c] = 1;
  }
}

}  // namespace seg::exec
