"""Points per unit of the rules the published simulator has fraud for: generated, do not edit by hand.

Made by `scripts/derive_weights.py` (fraudctl.simulator.derivation): a logistic regression of
fraud on the rules' units over the derivation data set, simulator seed offset 7 (never a benchmark offset),
271,352 scored transactions, 2,456 frauds; coefficients x 10 = points per unit.
Intercept -6.274 (log-odds of fraud with no evidence).
Terms dropped for a negative weight: none.
MERCHANT_CONFIRMED_FRAUDS copies TERMINAL_CONFIRMED_FRAUDS: the simulator has no merchants.
"""

INTERCEPT_LOG_ODDS = -6.274

DERIVED_WEIGHTS = {
    "HIGH_AMOUNT": {"fired": 69.1, "doublings": 9.1},
    "AMOUNT_VS_HISTORY": {"rise": 24.8, "steep": 9.0, "steep_rise": 30.9},
    "TERMINAL_CONFIRMED_FRAUDS": {"fired": 2.5, "share": 31.5, "recent_share": 25.7, "frauds": 10.7},
    "MERCHANT_CONFIRMED_FRAUDS": {"fired": 2.5, "share": 31.5, "recent_share": 25.7, "frauds": 10.7},
}
