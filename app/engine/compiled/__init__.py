"""Compiled training plans: an optimisation of exactly MLP.forward and MLP.backward, nothing more.

network.py holds the readable maths (batch first: z = a @ w + b, δ = dE/dz, grad_w = aᵀ δ,
grad_b = Σ δ, δ_prev = (δ @ wᵀ) ⊙ φ'(z_prev)). This package performs the same calls in the same
order once per mini-batch without Python overhead: a plan is built once per batch as a list of
(NumPy function, arguments) pairs on preallocated feature-major buffers (workspace.py) and the
trainer replays it thousands of times a second (plans.py; the per-activation fast paths in
ops.py). tests/engine/compiled/test_plans.py holds them to the readable backward, to 1e-12.
"""
