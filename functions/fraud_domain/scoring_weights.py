"""Points per unit of the rules the published simulator has fraud for: generated, do not edit by hand.

Made by `scripts/derive_weights.py` (fraudctl.simulator.derivation): a logistic regression of
fraud on the rules' units over the derivation data set, simulator seed offset 7 (never a benchmark offset),
271,352 scored transactions, 2,456 frauds; coefficients x 10 = points per unit.
Intercept -6.485 (log-odds of fraud with no evidence).
Terms dropped for a negative weight: none.
MERCHANT_CONFIRMED_FRAUDS copies TERMINAL_CONFIRMED_FRAUDS: the simulator has no merchants.
"""

INTERCEPT_LOG_ODDS = -6.485

DERIVED_WEIGHTS = {
    "HIGH_AMOUNT": {"fired": 71.6, "doublings": 9.0},
    "AMOUNT_VS_HISTORY": {"rise": 24.4, "steep": 4.7, "steep_rise": 24.1},
    "EARLIER_STEEP_AMOUNTS": {"earlier": 10.6},
    "TERMINAL_CONFIRMED_FRAUDS": {"fired": 1.4, "share": 31.5, "recent_share": 26.6, "frauds": 11.0},
    "MERCHANT_CONFIRMED_FRAUDS": {"fired": 1.4, "share": 31.5, "recent_share": 26.6, "frauds": 11.0},
}
