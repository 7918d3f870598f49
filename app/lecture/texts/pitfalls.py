"""The "Pitfalls" section's words: vanishing and exploding gradients and their causes, the random
seed, local minima (RHW 1985) and zero initialisation."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str, str]] = {
    "vanishing_gradients": (
        "Backpropagation multiplies one derivative φ' per layer on the way back. Number the "
        "units from the output as the lecture does (net₀ feeds y_p): this network has six "
        "sigmoid hidden layers below its output, so ∂E/∂w of the first layer ∝ "
        "φ'(net₀)·φ'(net₁)·…·φ'(net₆) — the output unit's factor and six sigmoid ones (times "
        "the weights in between). The sigmoid's derivative is at most 0.25, so the six can "
        "shrink the gradient by 0.25⁶ ≈ 1/4000 before it reaches the first layer: the weights "
        "farthest from the output get the smallest updates. The goal line shows the ratio live.",
        "Will this six-layer sigmoid network learn the circle?",
        "No. The first layer's gradient is at least ten times smaller than the last layer's "
        "(usually far more), so the early layers barely move and the loss stays flat near 0.5. "
        "The next lesson is the fix.",
    ),
    "relu_he": (
        "The same six layers with two changes: ReLU, whose derivative is 1 wherever the neuron "
        "is active, so the product of φ' no longer shrinks; and He initialization (weights "
        "drawn with standard deviation √(2/n_in)), which keeps the signal's size from layer to "
        "layer.",
        "How will the first layer's gradient compare with the last layer's now? And is ReLU "
        "really needed — try Activation: Tanh with Initialization: Playground.",
        "They are of the same order (a ratio around 1), every layer learns and the circle is "
        "solved within a few epochs. But tanh with the playground's own initialization learns "
        "too: the culprit was the sigmoid (φ' ≤ 0.25, outputs not centred), not the lack of "
        "ReLU. ReLU with He initialization is the standard choice for deep networks.",
    ),
    "exploding_gradients": (
        "The lecture's warning has a second half: “the weights farthest away from the output "
        "can have very large, or very small, updates”. Each factor of the backward product is "
        "a weight times φ'. Here six ReLU layers of 16 start from Uniform U[−1, 1]: each layer "
        "multiplies the signal's size by about √(16 · ⅓ · ½) ≈ 1.6, both forwards and "
        "backwards, so six layers give about 18×. The data is the plane regression "
        "(linear output, square loss), at the default α = 0.03. Press play.",
        "Will a learning rate as small as 0.03 keep this network stable?",
        "No. The first updates are so large that the loss is not a number (NaN) within the "
        "first epoch — from most starts (17 of 20 we tried; the others end with every ReLU "
        "dead, which is no better). The learning rate is not the culprit: the weights are. "
        "Set Initialization to He normal (standard deviation √(2/16) ≈ 0.35) and the same "
        "network trains from nearly every start. Clipping the gradient's norm and batch "
        "normalisation are the other usual cures.",
    ),
    "random_seed": (
        "The seed fixes the initial weights and the order of the examples (the data seed fixes "
        "the data). This is the XOR network with only 2 hidden neurons, started from seed 4. "
        "Train it and note the result, then press reset (↺): same data, same network, seed 5.",
        "Will both seeds solve XOR?",
        "No. Seed 4 gets stuck at about 75 % — one corner stays wrong because the two hidden "
        "lines settled in a bad place — while seed 5 solves it in under 20 epochs. With small "
        "networks the start matters: compare settings over several seeds, not one.",
    ),
    "local_minima": (
        "Was seed 4 caught in a local minimum — a point where every small step makes E worse? "
        "Rumelhart, Hinton and Williams wrote in 1985: “the problem of local minima is not "
        "serious in this application of gradient descent”. Their networks had room to spare. "
        "This is seed 4 again, on the same data, with a third hidden neuron.",
        "Will the stuck start escape with one more neuron?",
        "Yes: with 3 hidden neurons seed 4 solves XOR within about 20 epochs — and so did every "
        "start we tried (30 of 30), where 2 neurons got stuck in about 1 start in 5. That is "
        "RHW's point: with a few more units than the task strictly needs, the bad valleys "
        "mostly disappear. Whether a stuck run sits in a true local minimum or on a flat "
        "plateau, the cure is the same: more room, or another seed.",
    ),
    "zero_init": (
        "Every weight and bias starts at 0 (Initialization: Zeros, under Advanced ▸ Model and "
        "loss). Then all neurons of a layer compute the same output, receive the same gradient "
        "and get the same update — so they stay the same. This network uses sigmoid: "
        "φ(0) = 0.5, so the neurons pass something on and their weights do move.",
        "Will the four neurons of the first hidden layer ever become different?",
        "Never: they stay exact copies, so the network is no better than one neuron per layer "
        "and cannot draw the circle (accuracy stays near 50 %). With tanh or ReLU it is worse: "
        "φ(0) = 0, so every hidden output is 0, no weight gets a gradient and only the biases "
        "of the output move. Random initialization breaks the symmetry: set Initialization "
        "back to Playground or Xavier and train again.",
    ),
}
