"""Points per unit of the rules the published simulator has fraud for: generated, do not edit by hand.

Made by `scripts/derive_weights.py` (fraudctl.simulator.derivation): a logistic regression of
fraud on the rules' units over the derivation data set, simulator seed offset 7 (never a benchmark offset),
271,352 scored transactions, 2,456 frauds; coefficients x 10 = points per unit.
Intercept -6.566 (log-odds of fraud with no evidence).
Terms dropped for a negative weight: none.
MERCHANT_CONFIRMED_FRAUDS copies TERMINAL_CONFIRMED_FRAUDS: the simulator has no merchants.
"""

INTERCEPT_LOG_ODDS = -6.566

DERIVED_WEIGHTS = {
    "HIGH_AMOUNT": {"fired": 72.0, "doublings": 9.5},
    "AMOUNT_VS_HISTORY": {"rise": 26.2, "steep": 4.3, "steep_rise": 25.9},
    "EARLIER_STEEP_AMOUNTS": {"earlier": 11.5},
    "TERMINAL_CONFIRMED_FRAUDS": {"fired": 44.4, "share": 17.6, "recent_share": 22.5, "frauds": 4.6},
    "MERCHANT_CONFIRMED_FRAUDS": {"fired": 44.4, "share": 17.6, "recent_share": 22.5, "frauds": 4.6},
}
