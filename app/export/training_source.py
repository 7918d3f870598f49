"""The from-scratch script's training loop as source text, the lecture's mini-batch pseudocode.

Per epoch, as trainer.py: the learning rate from the schedule; a permutation of the training
set only when there is more than one mini-batch; consecutive slices of it as mini-batches (the
last one smaller) — or, in TF Playground's data order, the stored order with the leftovers
carried into the next epoch's first batch; forward, backward, update (and L1's step with its
clamp) per mini-batch; then the epoch's losses, the divergence check and early stopping.
"""

from __future__ import annotations


def _report(classification: bool, has_test: bool) -> list[str]:
    """Return the loop's evaluation and print lines."""
    pair = "train_loss, train_accuracy" if classification else "train_loss"
    lines = [f"        {pair} = evaluate(x_train, t_train, LABELS_TRAIN, weights, biases)"]
    fields = ["epoch {epoch + 1}", "train_loss {train_loss!r}"]
    if has_test:
        test_pair = "test_loss, test_accuracy" if classification else "test_loss"
        lines.append(
            f"        {test_pair} = evaluate(x_test, t_test, LABELS_TEST, weights, biases)")
        fields.append("test_loss {test_loss!r}")
    if classification:
        fields.append("train_accuracy {train_accuracy!r}")
        if has_test:
            fields.append("test_accuracy {test_accuracy!r}")
    half = (len(fields) + 1) // 2
    lines += [f'        print(f"{" ".join(fields[:half])} "',
              f'              f"{" ".join(fields[half:])}")']
    return lines


_EARLY_STOPPING = [
    "        if test_loss < best_loss:  # early stopping: remember the best epoch so far",
    "            best_loss, best_epoch, wait = test_loss, epoch + 1, 0",
    "            best_params = [p.copy() for p in params]",
    "        else:",
    "            wait += 1",
    "            if wait >= PATIENCE:",
    '                print(f"early stopping: no better test loss for {PATIENCE} epochs "',
    '                      f"(best {best_loss!r} at epoch {best_epoch})")',
    "                if RESTORE_BEST_WEIGHTS and best_params is not None:",
    "                    for p, best in zip(params, best_params):",
    "                        p[...] = best",
    "                break",
]


_RESHUFFLE = [
    "        # a fresh shuffle each epoch; a full batch keeps its order (its mean needs none)",
    "        order = rng.permutation(n) if n_batches > 1 else np.arange(n)",
    "        for start in range(0, n, BATCH_SIZE):",
    "            batch = order[start:start + BATCH_SIZE]",
]

_CARRY = [
    "        # TF Playground's order: the stored one, every epoch; the points left after the last",
    "        # full batch wait in its accumulators and join the next epoch's first batch",
    "        for start in range(0, n - n % BATCH_SIZE, BATCH_SIZE):",
    "            batch = np.arange(start, start + BATCH_SIZE)",
    "            if start == 0:",
    "                batch = np.concatenate([carried, batch])",
]

_L1_BEFORE = [
    "            for g, d in zip(grad_w, dead):",
    "                g[d] = 0.0  # a link L1 has cut learns no more",
    "            signs = [np.sign(w) for w in weights]  # sign(w) before the update, for L1",
]

_L1_AFTER = [
    "            for w, sign, d in zip(weights, signs, dead):  # L1, TF Playground's step:",
    "                w_l1 = w - sign * (lr * L1)",
    "                d |= w * w_l1 < 0  # it would carry w across 0: w = 0, and the link dies",
    "                w[...] = np.where(d, 0.0, w_l1)",
]


def train_function(classification: bool, has_test: bool, early_stopping: bool,
                   dropout: bool, generator: str = "PCG64", l1: bool = False,
                   carry: bool = False) -> str:
    """Return the source of `train()`: the training loop that prints each epoch's losses.

    Args:
        classification: report accuracies too. has_test: there is a test set.
        early_stopping: stop after PATIENCE epochs without a better test loss (needs a test set).
        dropout: forward() takes the generator and returns masks.
        generator: the bit generator class in np.random that RNG_STATE belongs to.
        l1: take L1's step after each update, with TF Playground's dead-link clamp.
        carry: TF Playground's data order (batches.py) instead of a fresh shuffle each epoch.
    """
    masks, rng = (", masks", ", rng") if dropout else ("", "")
    return "\n".join([
        "def train():",
        '    """Train as the playground does, printing each epoch\'s losses; return the weights',
        '    and biases."""',
        f"    rng = np.random.Generator(np.random.{generator}())",
        "    rng.bit_generator.state = RNG_STATE  # the playground's generator: same draws",
        "    x_train, t_train = features(POINTS_TRAIN), encode_targets(LABELS_TRAIN)",
        *(["    x_test, t_test = features(POINTS_TEST), encode_targets(LABELS_TEST)"]
          if has_test else []),
        "    weights = [w.copy() for w in INITIAL_WEIGHTS]",
        "    biases = [b.copy() for b in INITIAL_BIASES]",
        "    params = weights + biases  # the same arrays: update() changes them in place",
        "    state = optimizer_state(params)",
        "    n = len(x_train)",
        "    n_batches = -(-n // BATCH_SIZE)  # ceil(n / BATCH_SIZE)",
        *(["    dead = [np.zeros(w.shape, dtype=bool) for w in weights]  # links L1 has cut"]
          if l1 else []),
        *(["    carried = np.arange(0)  # points the last epoch left over"] if carry else []),
        *(['    best_loss, best_epoch, best_params, wait = float("inf"), 0, None, 0']
          if early_stopping else []),
        "    for epoch in range(EPOCHS):",
        "        lr = learning_rate(epoch)",
        *(_CARRY if carry else _RESHUFFLE),
        f"            zs, acts{masks} = forward(x_train[batch], weights, biases{rng})"
        "  # feed forward",
        f"            grad_w, grad_b = backward(zs, acts{masks}, t_train[batch], weights)"
        "  # backpropagate",
        *(_L1_BEFORE if l1 else []),
        "            update(params, grad_w + grad_b, state, lr)  # step down the gradient",
        *(_L1_AFTER if l1 else []),
        *(["        carried = np.arange(n - n % BATCH_SIZE, n)"] if carry else []),
        *_report(classification, has_test),
        "        if not (np.isfinite(train_loss) and all(np.isfinite(p).all() for p in params)):",
        '            print("diverged: the loss is not finite; try a lower learning rate")',
        "            break",
        *(_EARLY_STOPPING if early_stopping else []),
        "    return weights, biases",
    ]) + "\n"
