// Probabilistic customer-value models, fitted by maximum likelihood over the whole population:
//   BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): while alive, a
//     customer buys at a Poisson rate lambda ~ Gamma(r, alpha); after each purchase she drops out
//     with probability p ~ Beta(a, b). Inputs per customer, in one period unit (e.g. weeks):
//     x = repeat purchases, t_x = time of the last purchase since the first, T = time since the first.
//   Gamma-Gamma (Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value"): a repeat customer's
//     spend per purchase is Gamma(p, nu), nu ~ Gamma(q, gamma). Inputs: x > 0 and zbar, the mean value
//     of the x repeat purchases.
//
// Method (both fits): the negative log-likelihood is minimised over the logarithms of the parameters
// (so they stay positive) by GSL's Nelder-Mead simplex (gsl_multimin_fminimizer_nmsimplex2), started
// at every parameter = 1 with initial steps of 1 in log space. Stopping rule: the simplex's
// characteristic size falls below kSimplexTolerance; the minimiser is then restarted once from its
// own answer (a fresh simplex guards against Nelder-Mead's known stalls) and must stop again. A fit
// that does not stop within kMaxIterations, or whose likelihood or parameters are not finite, is
// returned with ok == false and a message: callers turn it into an error, never into NaN output.
// Special functions come from GSL: gsl_sf_lngamma, gsl_sf_lnbeta, gsl_sf_hyperg_2F1.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace seg::rt {

inline constexpr double kSimplexTolerance = 1e-6;
inline constexpr int kMaxIterations = 20000;

struct BgNbdParams {
  double r = 0, alpha = 0, a = 0, b = 0;
};

struct GammaGammaParams {
  double p = 0, q = 0, gamma = 0;
};

// What a fit found, or why it found nothing. params are meaningful only when ok.
template <typename Params> struct ModelFit {
  bool ok = false;
  Params params;
  double log_likelihood = 0;  // summed over the customers that took part
  int iterations = 0;
  std::size_t customers = 0;  // how many took part
  std::string error;          // why not ok, in words a marketer can act on
};

// One customer's summary in the fit's period unit.
struct PurchaseHistory {
  double x = 0;    // repeat purchases (purchases after the first)
  double t_x = 0;  // time from the first purchase to the last one (0 when x == 0)
  double T = 0;    // time from the first purchase to the end of the observation window
};

// The BG/NBD log-likelihood of one customer (the paper's equation 6, in log space).
double BgNbdLogLikelihood(const BgNbdParams& params, const PurchaseHistory& h);

// Maximum-likelihood fit over every customer. Histories with x < 0, t_x < 0, T <= 0, t_x > T or a
// non-finite field are refused (ok == false, error names the first), as is an empty population.
ModelFit<BgNbdParams> FitBgNbd(std::span<const PurchaseHistory> histories);

// P(alive | x, t_x, T): the probability that the customer has not yet dropped out. 1 when x == 0
// (in BG/NBD a customer can drop out only right after a purchase).
double ProbabilityAlive(const BgNbdParams& params, const PurchaseHistory& h);

// E[Y(t) | x, t_x, T]: expected purchases in the next t periods (the paper's equation 10). Needs
// 2F1; returns false (leaving *out alone) when GSL cannot evaluate it.
bool ExpectedPurchases(const BgNbdParams& params, const PurchaseHistory& h, double t, double* out);

// The Gamma-Gamma log-likelihood of one repeat customer (x > 0, zbar > 0).
double GammaGammaLogLikelihood(const GammaGammaParams& params, double x, double zbar);

// Maximum-likelihood fit over the repeat customers: entries with x <= 0 are skipped (they carry no
// spend information); an entry with x > 0 and zbar <= 0 or non-finite is refused, since the model
// has no zero spends. frequency and mean_spend have equal length.
ModelFit<GammaGammaParams> FitGammaGamma(std::span<const double> frequency, std::span<const double> mean_spend);

// E[Z | x, zbar]: the expected spend per purchase, a weighted mean of the population mean
// p*gamma/(q-1) and the customer's own zbar. With x == 0 it is the population mean. Needs q > 1.
double ExpectedAverageSpend(const GammaGammaParams& params, double x, double zbar);

// Discounted value over `steps` steps of `step` periods each (lifetimes' customer_lifetime_value,
// whose steps are months): sum over k = 1..steps of
// (E[Y(k * step)] - E[Y((k - 1) * step)]) * value / (1 + discount)^k, with discount the rate per
// step and value what one purchase is worth. Returns false when an expectation cannot be
// evaluated or the result is not finite.
bool DiscountedValue(const BgNbdParams& params, const PurchaseHistory& h, double value, int steps, double step,
                     double discount, double* out);

}  // namespace seg::rt
