// The population step for model fits, for every engine: p_alive and expected_purchases fit
// BG/NBD, expected_spend fits Gamma-Gamma, fitted_clv both, over every customer whose inputs are
// present; then each such customer gets her prediction (runtime/kernels/clv_models.h,
// docs/MODELS.md). Functions over the same inputs (the same lets, or equal expressions, which
// the IR makes one node) and period unit share one fit. In real time the batch's parameters come
// from the population snapshot and only the prediction runs. A customer with a missing input
// takes no part and gets a missing output. A fit that fails is a run-time error located at the
// call and naming the let: no output, never NaN.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "compiler/exec/run_state.h"
#include "runtime/customer_key.h"
#include "runtime/kernels/clv_models.h"

namespace seg::exec {

using ir::Node;
using ir::NodeId;
using lang::PopFunc;

namespace {

std::string Number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

bool UsesBgNbd(PopFunc f) { return f != PopFunc::kExpectedSpend; }
bool UsesGammaGamma(PopFunc f) { return f == PopFunc::kExpectedSpend || f == PopFunc::kFittedClv; }
// Where the average spend is among a node's arguments.
size_t SpendArg(PopFunc f) { return f == PopFunc::kExpectedSpend ? 1 : 3; }

// Every customer's inputs to one model, read once per node.
struct BgNbdInputs {
  std::vector<rt::PurchaseHistory> history;  // x, t_x and T in periods
  std::vector<uint8_t> present;
};
struct GammaGammaInputs {
  std::vector<double> x, zbar;
  std::vector<uint8_t> present;  // x known, and the spend too when x > 0
};

}  // namespace

const std::vector<uint32_t>& RunState::KeyOrder() {
  size_t count = data_.num_customers();
  if (key_order_.size() != count) {
    if (data_.key_column >= 0) {
      key_order_ = rt::RowsInKeyOrder(data_.customers.column(data_.key_column));
    } else {
      key_order_.resize(count);
      for (size_t c = 0; c < count; ++c) key_order_[c] = static_cast<uint32_t>(c);
    }
  }
  return key_order_;
}

void RunState::RecordFitError(NodeId id, const std::string& what) {
  std::string origin = info_[id].origin.empty() ? "the program" : info_[id].origin;
  const std::string& where = p_.nodes[id].population.where;
  std::lock_guard<std::mutex> lock(error_mutex_);
  if (error_.customer == 0 && !error_.message.empty()) return;  // an earlier fit failed first
  error_.customer = 0;
  error_node_ = id;
  error_.message = (where.empty() ? "" : where + ": ") + what + " in " + origin;
}

namespace {

// BG/NBD's inputs of node `n` (args 0..2: repeat, recency, age); false after recording the first
// customer whose history no purchase record can have.
bool ReadBgNbd(RunState& run, NodeId id, BgNbdInputs* in) {
  const Node& n = run.p_.nodes[id];
  double period = n.population.period_days;
  size_t count = run.data_.num_customers();
  in->history.assign(count, {});
  in->present.assign(count, 0);
  for (size_t c = 0; c < count; ++c) {
    rt::PurchaseHistory& h = in->history[c];
    if (!run.PopulationInput(n.args[0], c, &h.x) || !run.PopulationInput(n.args[1], c, &h.t_x) ||
        !run.PopulationInput(n.args[2], c, &h.T)) {
      continue;
    }
    h.t_x /= period;
    h.T /= period;
    if (h.x < 0 || h.t_x < 0 || h.T < 0 || h.t_x > h.T) {
      run.RecordError(c, id,
                      "BG/NBD needs repeat >= 0 and 0 <= recency <= age, not repeat " + Number(h.x) + ", recency " +
                          Number(h.t_x * period) + " days, age " + Number(h.T * period) +
                          " days (with timestamps, measure both in calendar days, from date(first(...)), "
                          "since as_of includes its whole day)");
      return false;
    }
    in->present[c] = 1;
  }
  return true;
}

// Gamma-Gamma's inputs of node `n` (repeat and average spend); false after recording the first
// repeat customer without a positive spend.
bool ReadGammaGamma(RunState& run, NodeId id, GammaGammaInputs* in) {
  const Node& n = run.p_.nodes[id];
  NodeId spend = n.args[SpendArg(n.population.func)];
  size_t count = run.data_.num_customers();
  in->x.assign(count, 0);
  in->zbar.assign(count, 0);
  in->present.assign(count, 0);
  for (size_t c = 0; c < count; ++c) {
    if (!run.PopulationInput(n.args[0], c, &in->x[c])) continue;
    bool has_spend = run.PopulationInput(spend, c, &in->zbar[c]);
    if (in->x[c] > 0 && !has_spend) continue;
    if (in->x[c] > 0 && !(in->zbar[c] > 0)) {
      run.RecordError(c, id,
                      std::string(lang::ModelFitName(n.population.func)) +
                          "(...) needs a positive average spend for a repeat customer, not " + Number(in->zbar[c]));
      return false;
    }
    in->present[c] = 1;
  }
  return true;
}

}  // namespace

bool RunState::FitModels(NodeId id, FittedModels* out) {
  const Node& n = p_.nodes[id];
  PopFunc func = n.population.func;
  std::string origin = info_[id].origin.empty() ? "the program" : info_[id].origin;
  // One fit per model, inputs and unit: a later function over the same inputs reuses it.
  auto shared = [&](const std::string& key, auto fit, auto store) {
    auto [it, fresh] = fit_index_.emplace(key, -1);
    if (fresh) {
      ModelFitRecord record;
      if (!fit(&record)) return false;
      it->second = static_cast<int>(result_.model_fits.size());
      result_.model_fits.push_back(std::move(record));
      fit_params_.emplace_back();
      store(&fit_params_.back());
    }
    if (it->second < 0) return false;  // this fit failed for an earlier function: its error stands
    ModelFitRecord& record = result_.model_fits[it->second];
    record.nodes.push_back(id);
    bool named = false;
    for (const std::string& u : record.used_by) named = named || u == origin;
    if (!named) record.used_by.push_back(origin);
    const FittedModels& params = fit_params_[it->second];
    if (params.bg_nbd) out->bg_nbd = params.bg_nbd;
    if (params.gamma_gamma) out->gamma_gamma = params.gamma_gamma;
    return true;
  };
  if (UsesBgNbd(func)) {
    std::string key = "BG/NBD|" + std::to_string(n.args[0]) + "," + std::to_string(n.args[1]) + "," +
                      std::to_string(n.args[2]) + "|" + Number(n.population.period_days);
    rt::BgNbdParams fitted;
    auto fit = [&](ModelFitRecord* record) {
      BgNbdInputs in;
      if (!ReadBgNbd(*this, id, &in)) return false;
      // A customer first seen at the end of the window (age 0) tells the fit nothing; she is
      // still predicted.
      std::vector<rt::PurchaseHistory> histories;
      for (uint32_t c : KeyOrder()) {
        if (in.present[c] && in.history[c].T > 0) histories.push_back(in.history[c]);
      }
      rt::ModelFit<rt::BgNbdParams> f = rt::FitBgNbd(histories);
      if (!f.ok) {
        RecordFitError(id, f.error);
        return false;
      }
      fitted = f.params;
      *record = {"BG/NBD",
                 n.population.period_days == 7 ? "weeks" : "days",
                 {{"r", f.params.r}, {"alpha", f.params.alpha}, {"a", f.params.a}, {"b", f.params.b}},
                 f.log_likelihood,
                 f.customers,
                 f.iterations,
                 {},
                 {}};
      return true;
    };
    if (!shared(key, fit, [&](FittedModels* m) { m->bg_nbd = fitted; })) return false;
  }
  if (UsesGammaGamma(func)) {
    std::string key = "Gamma-Gamma|" + std::to_string(n.args[0]) + "," + std::to_string(n.args[SpendArg(func)]);
    rt::GammaGammaParams fitted;
    auto fit = [&](ModelFitRecord* record) {
      GammaGammaInputs in;
      if (!ReadGammaGamma(*this, id, &in)) return false;
      std::vector<double> x, zbar;
      for (uint32_t c : KeyOrder()) {
        if (in.present[c] && in.x[c] > 0) {
          x.push_back(in.x[c]);
          zbar.push_back(in.zbar[c]);
        }
      }
      rt::ModelFit<rt::GammaGammaParams> f = rt::FitGammaGamma(x, zbar);
      if (!f.ok) {
        RecordFitError(id, f.error);
        return false;
      }
      fitted = f.params;
      *record = {"Gamma-Gamma",
                 "",
                 {{"p", f.params.p}, {"q", f.params.q}, {"gamma", f.params.gamma}},
                 f.log_likelihood,
                 f.customers,
                 f.iterations,
                 {},
                 {}};
      return true;
    };
    if (!shared(key, fit, [&](FittedModels* m) { m->gamma_gamma = fitted; })) return false;
  }
  return true;
}

void RunState::RunModelFit(NodeId id) {
  const Node& n = p_.nodes[id];
  const lang::PopulationSpec& spec = n.population;
  size_t count = data_.num_customers();
  PersistedColumn& out = full_[id];  // allocated for the run, float (population nodes persist)
  for (size_t c = 0; c < count; ++c) {
    out.v[c] = 0;
    out.f[c] = 0;
  }
  FittedModels models;
  if (options_.population != nullptr ? !options_.population->Fitted(id, &models) : !FitModels(id, &models)) return;

  BgNbdInputs bg;
  GammaGammaInputs gg;
  if (UsesBgNbd(spec.func) && !ReadBgNbd(*this, id, &bg)) return;
  if (UsesGammaGamma(spec.func) && !ReadGammaGamma(*this, id, &gg)) return;
  std::string name = lang::ModelFitName(spec.func);
  double horizon = spec.horizon_days / spec.period_days;
  for (size_t c = 0; c < count; ++c) {
    if (UsesBgNbd(spec.func) && !bg.present[c]) continue;
    if (UsesGammaGamma(spec.func) && !gg.present[c]) continue;
    double value = 0;
    bool ok = true;
    switch (spec.func) {
      case PopFunc::kPAlive: value = rt::ProbabilityAlive(*models.bg_nbd, bg.history[c]); break;
      case PopFunc::kExpectedPurchases:
        ok = rt::ExpectedPurchases(*models.bg_nbd, bg.history[c], horizon, &value);
        break;
      case PopFunc::kExpectedSpend: value = rt::ExpectedAverageSpend(*models.gamma_gamma, gg.x[c], gg.zbar[c]); break;
      default: {
        double margin = 0, discount = 0;
        if (!PopulationInput(n.args[4], c, &margin) || !PopulationInput(n.args[5], c, &discount)) continue;
        if (!(discount > -1)) {
          RecordError(c, id, "fitted_clv(...) needs a discount rate above -1, not " + Number(discount));
          return;
        }
        double spend = rt::ExpectedAverageSpend(*models.gamma_gamma, gg.x[c], gg.zbar[c]);
        ok = rt::DiscountedValue(*models.bg_nbd, bg.history[c], margin * spend,
                                 static_cast<int>(std::lround(spec.horizon_days / spec.step_days)),
                                 spec.step_days / spec.period_days, discount, &value);
        break;
      }
    }
    if (!ok || !std::isfinite(value)) {
      RecordError(c, id, name + "(...) has no finite value here (the expected purchases could not be evaluated)");
      return;
    }
    out.f[c] = value;
    out.v[c] = 1;
  }
}

}  // namespace seg::exec
