"""The published card-transaction simulator (Le Borgne et al. 2022, "Reproducible Machine Learning for Credit Card
Fraud Detection - Practical Handbook", chapter 3), implemented from its description in
`../shared/reference/fraud-simulator.md`, with the same random streams, so `seed_offset=0` is the published data set.

Modules, in the order the data set is built: `spec` (sizes and seeds), `customers`, `terminals`, `legacy_random`
(NumPy's legacy draws replayed from raw doubles), `transactions`, `scenarios` (the three fraud scenarios), `dataset`
(all of it, sorted by time). `evaluation` holds the handbook's test windows and metrics; `replay`, `labels` and
`detectors` drive the project's own analyzer over the simulated traffic (they need `functions/` on sys.path).
"""
