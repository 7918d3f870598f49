"""The "Going deeper" section's words: hidden layers (RHW 1985), the lecture's single sigmoid
neuron worked by hand, depth against width, and activation functions."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str, str]] = {
    "hidden_layer_xor": (
        "Rumelhart, Hinton and Williams (“Learning internal representations by error "
        "propagation”, ICS Report 8506, September 1985) trained networks with hidden layers by "
        "backpropagation: the chain rule gives ∂E/∂w for every weight and gradient descent "
        "updates it, w ← w − α·∂E/∂w. Here a hidden layer of 2 tanh neurons feeds the output "
        "neuron; the targets are y_t = ±1 for the two classes, the range of the tanh output. "
        "Press play.",
        "How many hidden neurons does XOR need? Predict, then try 1, 2 and 3 with the layer's "
        "− and + buttons.",
        "Two. Each hidden neuron draws one line and the output neuron combines the two "
        "half-planes into the diagonal band. With 1 neuron the network is no better than a "
        "perceptron; with 2 it works from most starting weights (about 8 in 10 here) but some "
        "get stuck — see “Local minima”; with 3 or more it worked from every start we tried.",
    ),
    "single_neuron": (
        "The lecture's own example: one sigmoid neuron and no hidden layer. Feed forward: "
        "z = w·x (x0 = 1 carries the bias), y_p = φ(z) = 1/(1 + e^−z). The targets are 0/1 "
        "(y_t = 1 for blue, 0 for orange), the sigmoid's range, and the cost is "
        "E = ½(y_t − y_p)². The chain rule gives ∂E/∂w = −x·(y_t − y_p)·φ(z)·(1 − φ(z)), and "
        "gradient descent moves each weight by Δw = −α·∂E/∂w. Open “Worked example” below: it "
        "shows these very numbers for one weight and one training point. An epoch is one pass "
        "through the whole training set (here 25 updates of a mini-batch of 10).",
        "After one press of “Step”, will this point's E go down? How many epochs until the "
        "neuron separates AND?",
        "Yes: Δw points downhill for this point (E falls a little; other points may rise). The "
        "neuron separates AND in about 10–20 epochs at α = 0.03: AND is linearly separable, so "
        "one neuron with a smooth activation does what the perceptron did — but by gradient "
        "descent, which is what lets the same rule train many layers.",
    ),
    "depth_spiral": (
        "The two-arm spiral is the hardest set here: with only X₁ and X₂ as inputs, every bend "
        "has to be built by the network itself. This one has three hidden layers of 8 tanh "
        "neurons (177 weights and biases), so later layers can combine the shapes of earlier "
        "ones. (It uses the Adam optimizer so that you do not wait long; a later lesson "
        "explains it.)",
        "Would one hidden layer do as well as three? Predict, then compare three layers of 4 "
        "with one layer of 14 — both have 57 parameters.",
        "Depth helps, and so does size. Three layers of 8 pass 90 % in about 60–270 epochs; one "
        "layer of 16 (65 parameters, the most one layer holds here) rarely does within 300. At "
        "equal size the picture blurs: three layers of 4 and one layer of 14 (57 parameters "
        "each) both fail within 300 epochs, while two layers of 6 (67) get there about twice "
        "as often as one layer of 16 (65). Depth composes simple pieces into complex shapes, "
        "but it cannot make up for too few neurons.",
    ),
    "activations": (
        "The activation function φ is what lets a network bend: y_p = φ(z) with z = w·x. Is it "
        "zero-centred? Does its derivative exist everywhere and carry information? Is it cheap? "
        "This is the circle with TF Playground's defaults (tanh, hidden layers of 4 and 2). "
        "Press play and note the epoch at which the goal is reached, then switch Activation to "
        "ReLU, Sigmoid and Linear (each switch restarts the network) and compare.",
        "Which will be fastest, which will fail — and why must Linear fail however many neurons "
        "it has?",
        "ReLU is fastest here (about 10–40 epochs, ahead of tanh from every start we tried), "
        "tanh needs about 30–100 (now and then longer), sigmoid does not get there in 200 (its "
        "derivative is at most 0.25 and its output is not zero-centred: “beware of sigmoid”) "
        "and Linear never gets there: a stack of linear layers is one linear map, so its "
        "boundary stays a straight line.",
    ),
}
