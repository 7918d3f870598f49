"""The words of each lesson: (prompt, question to predict, answer), keyed and ordered like
the registry in lessons.py (config.py validates `lesson` against these keys).

Notation follows the lecture: y_t the desired output, y_p the prediction, φ the activation,
z = w·x, α the learning rate, x0 = 1 the bias input, E = ½(y_t − y_p)². The numbers quoted in
the answers are what the presets give (tests/lecture/test_lessons.py checks the claims they
rest on).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str, str]] = {
    "perceptron_and": (
        "Rosenblatt's perceptron (1957) is one neuron with a step activation: y_p = 1 if "
        "w0·x0 + w1·x1 + w2·x2 ≥ 0, else 0, with x0 = 1 so that w0 acts as the bias. The four "
        "clusters are the AND truth table: only the top-right corner (x1 = 1, x2 = 1) is blue. "
        "The black line is where w0 + w1·x1 + w2·x2 = 0 and the arrow is the weight vector "
        "(w1, w2), pointing to the side the neuron calls 1. Press “Step one sample” a few "
        "times: a misclassified sample moves the weights by Δw = α·(y_t − y_p)·x, a correct one "
        "leaves them alone. Then press play.",
        "Can one straight line put the top-right corner alone on its side — and will the rule "
        "find it?",
        "Yes. AND is linearly separable, and the perceptron convergence theorem says the delta "
        "rule then stops after finitely many mistakes: after one epoch without a mistake nothing "
        "moves any more. Here that takes only a couple of epochs.",
    ),
    "perceptron_or": (
        "Same neuron, same rule, another truth table: OR is 1 unless both inputs are 0, so only "
        "the bottom-left cluster is orange. Step through a few samples: each mistake pushes the "
        "line past the sample that was wrong, and the arrow turns towards the blue side.",
        "Where will the line settle, and which way will the arrow point?",
        "Between the bottom-left cluster and the other three, with the arrow pointing up and to "
        "the right, towards the blue corners. Any separating line will do: the rule stops at the "
        "first one it finds, so another seed (reset ↺) stops at another line.",
    ),
    "perceptron_xor": (
        "XOR is 1 when exactly one input is 1: blue at top left and bottom right, orange on the "
        "other diagonal. In 1969 Minsky and Papert proved that a single perceptron cannot "
        "compute it — a result over-read as a limit of all neural networks, which helped bring "
        "on the first AI winter. Press play and watch the line.",
        "Will the line ever settle?",
        "Never. No straight line separates the two diagonals, so in every epoch some sample is "
        "wrong and moves the line again: it keeps cycling and the accuracy hovers around chance "
        "(a line gets at most 3 of the 4 corners right). The cure is not a better rule but more "
        "neurons — press “Solve it with an MLP”.",
    ),
    "hidden_layer_xor": (
        "Rumelhart, Hinton and Williams (1986) trained networks with hidden layers by "
        "backpropagation: the chain rule gives ∂E/∂w for every weight and gradient descent "
        "updates it, w ← w − α·∂E/∂w. Here a hidden layer of 2 tanh neurons feeds the output "
        "neuron. Press play.",
        "How many hidden neurons does XOR need? Predict, then try 1, 2 and 4 with the layer's "
        "− and + buttons.",
        "Two. Each hidden neuron draws one line and the output neuron combines the two "
        "half-planes into the diagonal band. With 1 neuron the network is no better than a "
        "perceptron; with 2 it usually works, though some starting weights get stuck (see “The "
        "random seed changes the result”); 3 or 4 make it reliable.",
    ),
    "depth_spiral": (
        "The two-arm spiral is the hardest set here: with only X₁ and X₂ as inputs, every bend "
        "has to be built by the network itself. This one has three hidden layers of 8 tanh "
        "neurons, so later layers can combine the shapes of earlier ones. (It uses the Adam "
        "optimizer so that you do not wait long; a later lesson explains it.)",
        "Would one hidden layer of 8 neurons do as well as three? Predict, then remove two "
        "layers and compare.",
        "No. Three layers pass 90 % after about 100 epochs; a single layer of 8 stalls around "
        "70–80 % in the same time. Depth composes simple pieces into complex shapes, which one "
        "layer can only match with many more neurons.",
    ),
    "activations": (
        "The activation function φ is what lets a network bend: y_p = φ(z) with z = w·x. Is it "
        "zero-centred? Does its derivative exist everywhere and carry information? Is it cheap? "
        "This is the circle with TF Playground's defaults (tanh, hidden layers of 4 and 2). "
        "Press play and note the epoch at which the goal is reached, then switch Activation to "
        "ReLU, Sigmoid and Linear (each switch restarts the network) and compare.",
        "Which will be fastest, which will fail — and why must Linear fail however many neurons "
        "it has?",
        "ReLU is fastest here (about 10 epochs), tanh needs about 60, sigmoid crawls (its "
        "derivative is at most 0.25 and its output is not zero-centred: “beware of sigmoid”) "
        "and Linear never gets there: a stack of linear layers is one linear map, so its "
        "boundary stays a straight line.",
    ),
    "learning_rate_too_small": (
        "Gradient descent changes each weight by Δw = −α·∂E/∂w: the gradient gives the "
        "direction, the learning rate α the size of the step. Here α = 0.0001, 300 times "
        "smaller than the default 0.03.",
        "How much will the training loss fall in 100 epochs?",
        "Hardly at all — about 1 %. The direction is right but the steps are tiny, so the "
        "network crawls. Now set the learning rate to 0.03 (it applies at once, without a "
        "reset) and watch the loss drop.",
    ),
    "learning_rate_too_large": (
        "A regression this time: each point's colour is a number, (x1 + x2)/10, and the "
        "network predicts it with a linear output and the square loss. The learning rate is "
        "α = 3. Press play.",
        "What will the loss do?",
        "It explodes. Each step overshoots the minimum by more than it corrects, the weights "
        "grow without bound and within a few epochs the loss is not a number (NaN): training "
        "stops and says so. Try 1 (it wobbles, then learns) and 0.03 (smooth).",
    ),
    "batch_modes": (
        "How many examples should one update average over? Full batch: the gradient over all "
        "250 training points, one update per epoch. Mini-batch: one update per batch of 10, "
        "25 per epoch. Stochastic: one update per point, 250 per epoch. This run is stochastic; "
        "Batch mode is under Advanced ▸ Optimizer.",
        "Which mode reaches the goal in the fewest epochs, and which draws the smoothest loss "
        "curve?",
        "Stochastic needs the fewest epochs (about 7) because it makes 250 updates in each, but "
        "every step follows one noisy example, so its loss curve is jagged. Mini-batch needs "
        "about 60. Full batch is smooth but makes a single update per epoch: after 600 epochs "
        "it is still short of the goal. Mini-batch is the usual compromise.",
    ),
    "optimizers": (
        "Plain SGD steps straight down the gradient g: w ← w − α·g. Momentum keeps a velocity, "
        "v ← μ·v − α·g and w ← w + v, so steps that agree build up speed. Adam also divides each "
        "weight's step by the root of a running average of its squared gradients, so every "
        "weight moves at a sensible pace. This run uses Adam with α = 0.01; Optimizer is under "
        "Advanced ▸ Optimizer.",
        "At the same learning rate, how many epochs will Adam, momentum and plain SGD need?",
        "Adam about 10, momentum about 20, plain SGD nearly 200. Momentum and adaptive steps are "
        "much of why deep networks train in reasonable time.",
    ),
    "overfitting": (
        "Only 10 % of the points (50) train the network; the other 450 test it (outlined in "
        "black), and noise has flipped labels near the edge of the circle. Two hidden layers of "
        "16 neurons have more than enough freedom to fit every training point, noise included.",
        "What will the training loss and the test loss do?",
        "The training loss falls to almost 0 while the test loss stops improving and ends near "
        "0.2: the boundary bends around single noisy training points that the test points do "
        "not share. A gap between the two curves is the signature of overfitting. The next "
        "three lessons are three cures.",
    ),
    "l2_regularization": (
        "Same data and network plus L2 regularization: the loss gets an extra term λ·½·Σw², so "
        "every update also shrinks each weight, w ← w − α·(∂E/∂w + λ·w) (weight decay). Large "
        "weights make sharp bends; small ones keep the boundary smooth. Here λ = 0.01.",
        "Will the training loss still reach 0? Will the test loss end lower than without L2?",
        "The training loss stays near 0.1 — the network can no longer bend around every noisy "
        "point — but the test loss ends lower (about 0.13 instead of 0.20) and the gap almost "
        "closes. Try λ = 0.001 (too little) and 0.3 (too much: the network underfits).",
    ),
    "dropout": (
        "Dropout switches each hidden neuron off with probability p = 0.3 at every training "
        "step and scales the survivors by 1/(1 − p), so no neuron can count on a particular "
        "partner; at test time every neuron is on. Dropout is under Advanced ▸ Model and loss.",
        "Will the gap between the training and the test loss shrink?",
        "Yes: the training loss stays around 0.1 instead of 0 and the gap falls to about 0.08 "
        "(from 0.2). The boundary is smoother because many thinned networks have to agree. On "
        "this tiny network it helps less than L2; on big ones it is a workhorse.",
    ),
    "early_stopping": (
        "The overfitting network again, but now training watches the test loss and stops when "
        "it has not improved for 30 epochs (the patience), then puts back the weights of the "
        "best epoch (Advanced ▸ Learning-rate decay and early stopping).",
        "Roughly when will training stop, and which weights will it keep?",
        "Near epoch 60. The test loss is lowest around epoch 30, before the network starts to "
        "memorise noise; 30 epochs later training stops and restores those weights (test loss "
        "about 0.13 instead of 0.20). Here the test set plays the part of a validation set.",
    ),
    "vanishing_gradients": (
        "Backpropagation multiplies one derivative φ' per layer on the way back, so ∂E/∂w of "
        "the first layer ∝ φ'(net₅)·…·φ'(net₁)·φ'(net₀). The sigmoid's derivative is at most "
        "0.25, so six sigmoid layers can shrink the gradient by 0.25⁶ ≈ 1/4000 before it "
        "reaches the first layer: the weights farthest from the output get the smallest "
        "updates. The goal line shows the ratio live.",
        "Will this six-layer sigmoid network learn the circle?",
        "No. The first layer's gradient is thousands of times smaller than the last layer's, "
        "so the early layers barely move and the loss stays flat near 0.5. The next lesson is "
        "the fix.",
    ),
    "relu_he": (
        "The same six layers with two changes: ReLU, whose derivative is 1 wherever the neuron "
        "is active, so the product of φ' no longer shrinks; and He initialization (weights "
        "drawn with standard deviation √(2/n_in)), which keeps the signal's size from layer to "
        "layer.",
        "How will the first layer's gradient compare with the last layer's now?",
        "They are of the same order (a ratio around 1), every layer learns and the circle is "
        "solved within a few epochs. ReLU with He initialization is the standard cure; tanh "
        "with Xavier initialization works here too.",
    ),
    "random_seed": (
        "The seed fixes the initial weights and the order of the examples (the data seed fixes "
        "the data). This is the XOR network with only 2 hidden neurons, started from seed 4. "
        "Train it and note the result, then press reset (↺): same data, same network, seed 5.",
        "Will both seeds solve XOR?",
        "No. Seed 4 gets stuck at about 75 % — one corner stays wrong because the two hidden "
        "lines settled in a bad place — while seed 5 solves it in about 17 epochs. With small "
        "networks the start matters: compare settings over several seeds, not one.",
    ),
    "zero_init": (
        "Every weight and bias starts at 0 (Initialization: Zeros, under Advanced ▸ Model and "
        "loss). Then all neurons of a layer compute the same output, receive the same gradient "
        "and get the same update — so they stay the same.",
        "Will the four neurons of the first hidden layer ever become different?",
        "Never: they stay exact copies, so the network is no better than one neuron per layer "
        "and cannot draw the circle (accuracy stays near 50 %). Random initialization breaks "
        "the symmetry: set Initialization back to Playground or Xavier and train again.",
    ),
}
