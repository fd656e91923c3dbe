#!/usr/bin/env python3
"""Reference values for the CLV unit tests, computed with mpmath at 40 digits straight from the
published formulas (BG/NBD: Fader, Hardie & Lee 2005, with 2F1 as printed; Pareto/NBD: the likelihood
and P(alive) as an integral over the dropout time, independent of the 2F1 form the C++ code uses).

Usage: python3 test/oracles/clv_mpmath.py   (writes test/data/clv/*.csv; Debian package python3-mpmath)
"""
import os
import mpmath as mp

mp.mp.dps = 40
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "clv")


def bgnbd_p_alive(r, alpha, a, b, x, t_x, T):
    if x == 0:
        return mp.mpf(1)
    return 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))


def bgnbd_conditional(r, alpha, a, b, t, x, t_x, T):
    z = t / (alpha + T + t)
    bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * mp.hyp2f1(r + x, b + x, a + b + x - 1, z)
    return (a + b + x - 1) / (a - 1) * bracket * bgnbd_p_alive(r, alpha, a, b, x, t_x, T)


def pnbd_parts(r, alpha, s, beta, x, t_x, T):
    alive = (alpha + T) ** (-(r + x)) * (beta + T) ** (-s)
    died = s * mp.quad(lambda u: (alpha + u) ** (-(r + x)) * (beta + u) ** (-(s + 1)), [t_x, T])
    return alive, died


def pnbd_loglik(r, alpha, s, beta, x, t_x, T):
    alive, died = pnbd_parts(r, alpha, s, beta, x, t_x, T)
    return mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(alpha) + s * mp.log(beta) + mp.log(alive + died)


def pnbd_conditional(r, alpha, s, beta, t, x, t_x, T):
    alive, died = pnbd_parts(r, alpha, s, beta, x, t_x, T)
    # E[purchases in (T, T+t] | alive] = E[lambda] * E[min(lifetime, t)], integrated over the posteriors.
    # Given alive at T: lambda ~ Gamma(r + x, alpha + T) and mu ~ Gamma(s, beta + T), independent.
    lam = (r + x) / (alpha + T)
    shape, rate = s, beta + T
    expected_alive_time = mp.quad(
        lambda mu: (1 - mp.exp(-mu * t)) / mu * rate ** shape * mu ** (shape - 1) * mp.exp(-rate * mu)
        / mp.gamma(shape), [0, 1, mp.inf])
    return lam * expected_alive_time * alive / (alive + died)


def fmt(v):
    return mp.nstr(v, 17, min_fixed=-30, max_fixed=30)


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(fmt(mp.mpf(v)) if not isinstance(v, int) else str(v) for v in row) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    bg_params = [
        ("0.2425945", "4.4136019", "0.7929199", "2.4258881"),  # CDNOW
        ("1.5", "0.5", "0.3", "0.4"),  # a + b < 1
        ("0.8", "12", "1.0000001", "3"),  # a next to 1
        ("3", "2", "2.5", "0.7"),
    ]
    cases = [(39, 2, 30.43, 38.86), (1, 0, 0, 10), (52, 0, 0, 38.86), (13, 1, 5, 20), (520, 7, 35, 38),
             (39, 60, 38, 39), (0.5, 3, 1, 2)]
    rows = []
    for p in bg_params:
        r, alpha, a, b = map(mp.mpf, p)
        for t in (0.1429, 1, 39, 78, 520):
            rows.append([*p, t, 0, 0, 0, bgnbd_conditional(r, alpha, a, b, mp.mpf(t), 0, 0, 0), 1])
        for t, x, t_x, T in cases:
            t, t_x, T = mp.mpf(t), mp.mpf(t_x), mp.mpf(T)
            rows.append([*p, t, x, t_x, T, bgnbd_conditional(r, alpha, a, b, t, x, t_x, T),
                         bgnbd_p_alive(r, alpha, a, b, x, t_x, T)])
    write("bgnbd_predictions.csv", ["r", "alpha", "a", "b", "t", "x", "t_x", "T", "expected", "p_alive"], rows)

    pnbd_params = [
        ("0.553", "10.578", "0.606", "11.669"),  # CDNOW, alpha < beta
        ("0.9", "3", "1", "0.5"),  # s = 1, alpha > beta
        ("2", "7", "1.0000001", "7"),  # alpha = beta, s next to 1
        ("0.3", "40", "2.5", "1.5"),
    ]
    rows = []
    for p in pnbd_params:
        r, alpha, s, beta = map(mp.mpf, p)
        for t, x, t_x, T in cases:
            t, t_x, T = mp.mpf(t), mp.mpf(t_x), mp.mpf(T)
            alive, died = pnbd_parts(r, alpha, s, beta, x, t_x, T)
            rows.append([*p, t, x, t_x, T, pnbd_conditional(r, alpha, s, beta, t, x, t_x, T), alive / (alive + died),
                         pnbd_loglik(r, alpha, s, beta, x, t_x, T)])
    write("pareto_nbd_predictions.csv",
          ["r", "alpha", "s", "beta", "t", "x", "t_x", "T", "expected", "p_alive", "log_lik"], rows)


if __name__ == "__main__":
    main()
