// Gauss hypergeometric series for the CLV models (arguments 0 <= z < 1, where the series converges).
#pragma once

namespace ecom::clv {

// Default limit on the number of series terms (enough for z up to about 0.9999 with moderate parameters).
constexpr long kHyp2f1MaxTerms = 2000000;

// c * (2F1(a, b; c; z) - 1) / b, summed without dividing by b or c, so it stays finite as b -> 0 or c -> 0.
// Throws OutOfRange when max_terms terms do not reach full precision.
double hyp2f1_scaled_tail(double a, double b, double c, double z, long max_terms = kHyp2f1MaxTerms);

// The Gauss hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1 and c > 0.
double hyp2f1(double a, double b, double c, double z, long max_terms = kHyp2f1MaxTerms);

// (1 - exp(e * L)) / e, with its limit -L at e = 0: the "1 - (1+u)^e over e" pieces of the CLV formulas.
double one_minus_exp_over(double e, double L);

}  // namespace ecom::clv
