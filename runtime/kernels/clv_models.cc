// BG/NBD and Gamma-Gamma: likelihoods, maximum-likelihood fits and per-customer expectations.
// See clv_models.h for the method; formulas follow the papers' numbering.
#include "runtime/kernels/clv_models.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_hyperg.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <initializer_list>
#include <limits>
#include <sstream>
#include <utility>
#include <vector>

namespace seg::rt {
namespace {

// GSL's default error handler aborts the process; seg reports errors itself, so special-function
// failures come back as status codes (the _e variants) and are handled where they occur.
void QuietGslErrors() {
  static const bool once = [] {
    gsl_set_error_handler_off();
    return true;
  }();
  (void)once;
}

double LogAddExp(double u, double v) {
  if (u == -std::numeric_limits<double>::infinity()) return v;
  if (v == -std::numeric_limits<double>::infinity()) return u;
  const double hi = std::max(u, v);
  return hi + std::log1p(std::exp(std::min(u, v) - hi));
}

// The negative log-likelihood as a function of the log-parameters. Non-finite values (parameters
// so extreme that a gamma function overflows) read as +infinity, which the simplex moves away from.
using Objective = std::function<double(const double* log_params)>;

double CallObjective(const gsl_vector* v, void* data) {
  const double value = (*static_cast<const Objective*>(data))(v->data);
  return std::isfinite(value) ? value : std::numeric_limits<double>::infinity();
}

struct Minimum {
  bool converged = false;
  int iterations = 0;
  std::array<double, 4> log_params{};
  double value = 0;
};

// One Nelder-Mead run from `start` (log space), steps of 1, until the simplex size is below the
// tolerance or the iteration budget is spent.
Minimum RunSimplex(const Objective& objective, std::size_t n, const std::array<double, 4>& start, int budget) {
  gsl_multimin_function function{&CallObjective, n, const_cast<Objective*>(&objective)};
  gsl_vector* x = gsl_vector_alloc(n);
  gsl_vector* step = gsl_vector_alloc(n);
  for (std::size_t i = 0; i < n; ++i) {
    gsl_vector_set(x, i, start[i]);
    gsl_vector_set(step, i, 1.0);
  }
  gsl_multimin_fminimizer* s = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n);
  Minimum result;
  if (gsl_multimin_fminimizer_set(s, &function, x, step) == GSL_SUCCESS) {
    while (result.iterations < budget) {
      ++result.iterations;
      if (gsl_multimin_fminimizer_iterate(s) != GSL_SUCCESS) break;  // no progress possible
      if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), kSimplexTolerance) == GSL_SUCCESS) {
        result.converged = true;
        break;
      }
    }
    for (std::size_t i = 0; i < n; ++i) result.log_params[i] = gsl_vector_get(s->x, i);
    result.value = s->fval;
  }
  gsl_multimin_fminimizer_free(s);
  gsl_vector_free(step);
  gsl_vector_free(x);
  return result;
}

// Minimises from all-parameters-1 (log 0), then restarts once from the answer.
Minimum MinimiseLogSpace(const Objective& objective, std::size_t n) {
  QuietGslErrors();
  Minimum first = RunSimplex(objective, n, {}, kMaxIterations);
  if (!first.converged) return first;
  Minimum second = RunSimplex(objective, n, first.log_params, kMaxIterations - first.iterations);
  second.iterations += first.iterations;
  return second;
}

// A maximum at the edge of the parameter space (a parameter running towards 0 or infinity, as
// with one customer, or everyone buying at the same rate) is no estimate: the likelihood keeps
// improving as the parameter runs off, and predictions from it would be arbitrary.
constexpr double kSmallestParameter = 1e-6;
constexpr double kLargestParameter = 1e6;

struct NamedParameter {
  const char* name;
  double value;
};

template <typename Params>
bool Finish(ModelFit<Params>& fit, const Minimum& m, const char* model,
            std::initializer_list<NamedParameter> parameters) {
  fit.iterations = m.iterations;
  fit.log_likelihood = -m.value;
  std::ostringstream why;
  if (!m.converged) {
    why << model << " fit did not converge within " << kMaxIterations
        << " iterations; the data may not fit the model (see docs/MODELS.md)";
  } else if (!std::isfinite(m.value)) {
    why << model << " fit reached a non-finite likelihood; the data may not fit the model "
        << "(see docs/MODELS.md)";
  } else {
    for (const NamedParameter& p : parameters) {
      if (!std::isfinite(p.value) || p.value < kSmallestParameter || p.value > kLargestParameter) {
        why << model << " fit did not converge: " << p.name << " ran to " << p.value
            << ", the edge of the parameter space; the data does not pin the model down "
            << "(too few customers, or too little variety; see docs/MODELS.md)";
        fit.error = why.str();
        return false;
      }
    }
    fit.ok = true;
    return true;
  }
  fit.error = why.str();
  return false;
}

bool ValidHistory(const PurchaseHistory& h) {
  return std::isfinite(h.x) && std::isfinite(h.t_x) && std::isfinite(h.T) && h.x >= 0 && h.t_x >= 0 && h.T > 0 &&
         h.t_x <= h.T;
}

// ln of a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x): the weight of "dropped out after the last
// purchase" against "still alive", shared by the likelihood, P(alive) and E[Y(t)].
double LogDropoutOdds(const BgNbdParams& p, const PurchaseHistory& h) {
  return std::log(p.a) - std::log(p.b + h.x - 1) + (p.r + h.x) * (std::log(p.alpha + h.T) - std::log(p.alpha + h.t_x));
}

}  // namespace

double BgNbdLogLikelihood(const BgNbdParams& p, const PurchaseHistory& h) {
  const double common = gsl_sf_lngamma(p.r + h.x) - gsl_sf_lngamma(p.r) + p.r * std::log(p.alpha) +
                        gsl_sf_lnbeta(p.a, p.b + h.x) - gsl_sf_lnbeta(p.a, p.b);
  const double alive = -(p.r + h.x) * std::log(p.alpha + h.T);
  const double dropped = h.x > 0 ? std::log(p.a) - std::log(p.b + h.x - 1) - (p.r + h.x) * std::log(p.alpha + h.t_x)
                                 : -std::numeric_limits<double>::infinity();
  return common + LogAddExp(alive, dropped);
}

ModelFit<BgNbdParams> FitBgNbd(std::span<const PurchaseHistory> histories) {
  ModelFit<BgNbdParams> fit;
  fit.customers = histories.size();
  if (histories.empty()) {
    fit.error = "BG/NBD needs at least one customer";
    return fit;
  }
  for (std::size_t i = 0; i < histories.size(); ++i) {
    if (!ValidHistory(histories[i])) {
      std::ostringstream why;
      const PurchaseHistory& h = histories[i];
      why << "BG/NBD input " << i + 1 << " is not a purchase history (x = " << h.x << ", t_x = " << h.t_x
          << ", T = " << h.T << "; needs x >= 0, 0 <= t_x <= T, T > 0)";
      fit.error = why.str();
      return fit;
    }
  }
  const Objective negative_ll = [&](const double* lp) {
    const BgNbdParams p{std::exp(lp[0]), std::exp(lp[1]), std::exp(lp[2]), std::exp(lp[3])};
    double sum = 0;
    for (const PurchaseHistory& h : histories) sum += BgNbdLogLikelihood(p, h);
    return -sum;
  };
  const Minimum m = MinimiseLogSpace(negative_ll, 4);
  fit.params = {std::exp(m.log_params[0]), std::exp(m.log_params[1]), std::exp(m.log_params[2]),
                std::exp(m.log_params[3])};
  Finish(fit, m, "BG/NBD",
         {{"r", fit.params.r}, {"alpha", fit.params.alpha}, {"a", fit.params.a}, {"b", fit.params.b}});
  return fit;
}

double ProbabilityAlive(const BgNbdParams& p, const PurchaseHistory& h) {
  if (h.x <= 0) return 1.0;
  // 1 / (1 + e^L), written so a large L gives a small probability instead of overflow.
  const double L = LogDropoutOdds(p, h);
  return L > 0 ? std::exp(-L) / (1 + std::exp(-L)) : 1 / (1 + std::exp(L));
}

bool ExpectedPurchases(const BgNbdParams& p, const PurchaseHistory& h, double t, double* out) {
  if (t <= 0) {
    *out = 0;
    return true;
  }
  QuietGslErrors();
  const double z = t / (p.alpha + h.T + t);
  gsl_sf_result f;
  if (gsl_sf_hyperg_2F1_e(p.r + h.x, p.b + h.x, p.a + p.b + h.x - 1, z, &f) != GSL_SUCCESS || !std::isfinite(f.val)) {
    return false;
  }
  const double scale = std::pow((p.alpha + h.T) / (p.alpha + h.T + t), p.r + h.x);
  const double numerator = (p.a + p.b + h.x - 1) / (p.a - 1) * (1 - scale * f.val);
  const double denominator = h.x > 0 ? 1 + std::exp(LogDropoutOdds(p, h)) : 1.0;
  const double value = numerator / denominator;
  if (!std::isfinite(value)) return false;
  *out = value;
  return true;
}

double GammaGammaLogLikelihood(const GammaGammaParams& g, double x, double zbar) {
  const double px = g.p * x;
  return gsl_sf_lngamma(px + g.q) - gsl_sf_lngamma(px) - gsl_sf_lngamma(g.q) + g.q * std::log(g.gamma) +
         (px - 1) * std::log(zbar) + px * std::log(x) - (px + g.q) * std::log(x * zbar + g.gamma);
}

ModelFit<GammaGammaParams> FitGammaGamma(std::span<const double> frequency, std::span<const double> mean_spend) {
  ModelFit<GammaGammaParams> fit;
  std::vector<std::pair<double, double>> repeat;
  for (std::size_t i = 0; i < frequency.size() && i < mean_spend.size(); ++i) {
    if (!(frequency[i] > 0)) continue;
    if (!std::isfinite(frequency[i]) || !std::isfinite(mean_spend[i]) || !(mean_spend[i] > 0)) {
      std::ostringstream why;
      why << "Gamma-Gamma input " << i + 1 << " has " << frequency[i] << " repeat purchases but an average spend of "
          << mean_spend[i] << "; the model needs a positive spend";
      fit.error = why.str();
      return fit;
    }
    repeat.emplace_back(frequency[i], mean_spend[i]);
  }
  fit.customers = repeat.size();
  if (repeat.empty()) {
    fit.error = "Gamma-Gamma needs at least one repeat customer";
    return fit;
  }
  const Objective negative_ll = [&](const double* lp) {
    const GammaGammaParams g{std::exp(lp[0]), std::exp(lp[1]), std::exp(lp[2])};
    double sum = 0;
    for (const auto& [x, zbar] : repeat) sum += GammaGammaLogLikelihood(g, x, zbar);
    return -sum;
  };
  const Minimum m = MinimiseLogSpace(negative_ll, 3);
  fit.params = {std::exp(m.log_params[0]), std::exp(m.log_params[1]), std::exp(m.log_params[2])};
  Finish(fit, m, "Gamma-Gamma", {{"p", fit.params.p}, {"q", fit.params.q}, {"gamma", fit.params.gamma}});
  if (fit.ok && fit.params.q <= 1) {
    fit.ok = false;
    fit.error =
        "Gamma-Gamma fit gives q <= 1, so the average spend has no finite mean; the spends "
        "vary too much between customers for the model (see docs/MODELS.md)";
  }
  return fit;
}

double ExpectedAverageSpend(const GammaGammaParams& g, double x, double zbar) {
  if (!(x > 0)) return g.p * g.gamma / (g.q - 1);
  return g.p * (g.gamma + x * zbar) / (g.p * x + g.q - 1);
}

bool DiscountedValue(const BgNbdParams& p, const PurchaseHistory& h, double value, int steps, double step,
                     double discount, double* out) {
  double total = 0, previous = 0;
  for (int k = 1; k <= steps; ++k) {
    double cumulative = 0;
    if (!ExpectedPurchases(p, h, k * step, &cumulative)) return false;
    total += (cumulative - previous) * value / std::pow(1 + discount, k);
    previous = cumulative;
  }
  if (!std::isfinite(total)) return false;
  *out = total;
  return true;
}

}  // namespace seg::rt
