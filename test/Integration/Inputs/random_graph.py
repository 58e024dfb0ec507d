"""Random valid nn modules, deterministic from a seed, for differential
testing of fold-batchnorm (scripts/differential_test.py).

A graph is a DAG over NCHW feature maps (then, optionally, flatten + dense):
convolutions (some transposed) with random groups (incl. depthwise), kernel 1..5, stride,
padding, dilation, bias and fused activation; batch norms with extreme but
valid statistics (tiny variance, epsilon 1e-12..1e-1, negative gamma, large
mean); activations, add/mul/concat, pooling; weights shared between
convolutions; convolutions with several users; batch norms behind
activations (positive or mixed-sign scales); batch norms before
convolutions (padded or not: padded ones fold with an nn.pad of -t / s) and
dense ops; batch norms over the channels of
an NHWC transpose or a flatten, or over another axis; per-channel and
per-pixel mul/add by constants; one graph in ten in f16. The generator also states how many batch norms and
constant mul/add ops the fold must leave, from the rules of
docs/FoldBatchNorm.md, so the counts are checked too.

With --invalid it writes a graph whose batch norms all have invalid
parameters (variance + epsilon <= 0, NaN, or a folded value that overflows
f16): none may fold, and the module must come out unchanged.

usage: random_graph.py SEED [--invalid]
"""
import argparse
import math
import random

ACTIVATIONS = ("none", "relu", "relu6")


class Graph:
    def __init__(self, seed, dtype="f32"):
        self.rng = random.Random(seed)
        self.dtype = dtype
        self.lines = []
        self.count = 0
        self.uses = {}  # SSA value -> number of uses
        self.producer = {}  # SSA value -> (op kind, activation)
        # Result of a transpose or flatten -> (its input, the input axis that
        # an axis of the result is, or None where it is not one axis alone).
        self.layout = {}
        self.events = []  # the ops the fold rules look at, in program order
        self.weights = []  # (name, shape) of conv weights, for sharing
        self.pads_exactly = {}  # batch norm -> its -t / s is finite

    def ty(self, shape):
        return "tensor<" + "x".join(map(str, shape)) + "x" + self.dtype + ">"

    def fresh(self, stem):
        self.count += 1
        return f"%{stem}{self.count}"

    def use(self, *values):
        for v in values:
            self.uses[v] = self.uses.get(v, 0) + 1

    def number(self, lo, hi):
        # MLIR float literals need a decimal point: 1.000000e-06, not 1e-06.
        return "%.6e" % self.rng.uniform(lo, hi)

    def constant(self, shape, values):
        def nest(dims, flat):
            if not dims:
                return next(flat)
            return "[" + ", ".join(nest(dims[1:], flat) for _ in range(dims[0])) + "]"
        name = self.fresh("c")
        self.lines.append(f"  {name} = arith.constant dense<{nest(shape, iter(values))}> : {self.ty(shape)}")
        return name

    def uniform(self, shape, lo, hi):
        return self.constant(shape, [self.number(lo, hi) for _ in range(math.prod(shape))])

    def op(self, text, kind, activation="none"):
        name = self.fresh("v")
        self.lines.append(f"  {name} = {text}")
        self.producer[name] = (kind, activation)
        return name

    # Feature-map ops: each takes (value, shape) and returns (value, shape).

    def conv(self, x, shape, activation=None):
        n, c, h, w = shape
        rng = self.rng
        groups = rng.choice([g for g in (1, 2, c) if c % g == 0])
        # groups == c is depthwise, with a channel multiplier of 1 or 2.
        out_c = groups * rng.choice((1, 2)) if groups > 1 else rng.choice((2, 3, 4, 8))
        kernel = rng.randint(1, min(5, h, w))
        dilation = rng.choice((1, 1, 2)) if kernel > 1 else 1
        padding = rng.randint(0, (kernel - 1) * dilation)
        stride = rng.choice((1, 1, 2))
        extent = dilation * (kernel - 1) + 1
        if h + 2 * padding < extent or w + 2 * padding < extent:
            padding = extent
        out = [n, out_c, (h + 2 * padding - extent) // stride + 1, (w + 2 * padding - extent) // stride + 1]
        weight_shape = [out_c, c // groups, kernel, kernel]
        shared = [name for name, s in self.weights if s == weight_shape]
        if shared and rng.random() < 0.5:
            weight = rng.choice(shared)
        else:
            fan_in = (c // groups) * kernel * kernel
            weight = self.uniform(weight_shape, -1 / fan_in ** 0.5, 1 / fan_in ** 0.5)
            self.weights.append((weight, weight_shape))
        operands, types = [x, weight], [self.ty(shape), self.ty(weight_shape)]
        if rng.random() < 0.5:
            operands.append(self.uniform([out_c], -0.5, 0.5))
            types.append(self.ty([out_c]))
        if activation is None:
            activation = rng.choice(ACTIVATIONS) if rng.random() < 0.3 else "none"
        self.use(*operands)
        attrs = (f"strides = [{stride}, {stride}] padding = [{padding}, {padding}, {padding}, {padding}] "
                 f"dilations = [{dilation}, {dilation}] groups = {groups} activation = {activation}")
        value = self.op(f"nn.conv2d {', '.join(operands)} {attrs} : ({', '.join(types)}) -> {self.ty(out)}",
                        "linear", activation)
        # A batch norm before a padded conv folds with its input padded by
        # -t / s, if that is finite in the element type.
        self.events.append(("linear", value, x, "padded" if padding > 0 else "unpadded"))
        return value, out

    def conv_transpose(self, x, shape):
        n, c, h, w = shape
        rng = self.rng
        groups = rng.choice([g for g in (1, 2, c) if c % g == 0])
        out_c = groups * rng.choice((1, 2))
        kernel = rng.randint(1, 3)
        stride = rng.choice((1, 2))
        dilation = rng.choice((1, 1, 2)) if kernel > 1 else 1
        padding = rng.randint(0, dilation * (kernel - 1))
        output_padding = rng.randint(0, max(stride, dilation) - 1)

        def size(i, p):
            return (i - 1) * stride - 2 * p + dilation * (kernel - 1) + output_padding + 1
        if size(h, padding) < 1 or size(w, padding) < 1:
            padding = 0
        out = [n, out_c, size(h, padding), size(w, padding)]
        weight_shape = [c, out_c // groups, kernel, kernel]
        fan_in = (c // groups) * kernel * kernel
        weight = self.uniform(weight_shape, -1 / fan_in ** 0.5, 1 / fan_in ** 0.5)
        operands, types = [x, weight], [self.ty(shape), self.ty(weight_shape)]
        if rng.random() < 0.5:
            operands.append(self.uniform([out_c], -0.5, 0.5))
            types.append(self.ty([out_c]))
        activation = rng.choice(ACTIVATIONS) if rng.random() < 0.3 else "none"
        self.use(*operands)
        attrs = (f"strides = [{stride}, {stride}] padding = [{padding}, {padding}, {padding}, {padding}] "
                 f"output_padding = [{output_padding}, {output_padding}] dilations = [{dilation}, {dilation}] "
                 f"groups = {groups} activation = {activation}")
        value = self.op(f"nn.conv_transpose2d {', '.join(operands)} {attrs} : ({', '.join(types)}) -> {self.ty(out)}",
                        "linear", activation)
        # A batch norm never folds into a transposed conv after it.
        self.events.append(("linear", value, x, "never"))
        return value, out

    def batch_norm_params(self, c):
        """gamma, beta, mean, variance, epsilon: extreme but valid; half the
        time every gamma is positive, so a relu before it lets it fold."""
        rng = self.rng
        low = 0.05 if rng.random() < 0.5 else -1.5
        gamma = [self.number(low, 1.5) for _ in range(c)]
        beta = [self.number(-0.5, 0.5) for _ in range(c)]
        # f16 keeps to statistics whose outputs stay far inside its range
        # (65504) and above its roundoff: no means of 1000, no scales of 1000.
        extreme = self.dtype != "f16"
        mean_scale = 1000.0 if extreme and rng.random() < 0.2 else 0.5
        mean = [self.number(-mean_scale, mean_scale) for _ in range(c)]
        tiny = extreme and rng.random() < 0.2
        variance = [self.number(1e-6, 1e-5) if tiny else self.number(0.1, 2.0) for _ in range(c)]
        epsilon = 10.0 ** rng.uniform(-12 if extreme else -5, -1)
        return gamma, beta, mean, variance, epsilon

    def batch_norm(self, x, shape, params=None, axis=1):
        c = shape[axis]
        gamma, beta, mean, variance, epsilon = params or self.batch_norm_params(c)
        operands = [x] + [self.constant([c], v) for v in (gamma, beta, mean, variance)]
        self.use(*operands)
        types = ", ".join([self.ty(shape)] + [self.ty([c])] * 4)
        value = self.op(f"nn.batch_norm {', '.join(operands)} epsilon = {epsilon:.6e} axis = {axis} "
                        f": ({types}) -> {self.ty(shape)}", "batch_norm")
        self.events.append(("batch_norm", value, x, (all(float(g) > 0 for g in gamma), axis)))
        self.pads_exactly[value] = self.padding_is_finite(gamma, beta, mean, variance, epsilon)
        return value, shape

    def padding_is_finite(self, gamma, beta, mean, variance, epsilon):
        """Whether every channel has a finite -t / s in the element type:
        the padding a padded conv after the batch norm gets when it folds."""
        # Magnitudes from which rounding to the type gives infinity.
        overflow = 65520.0 if self.dtype == "f16" else 2.0 ** 128 - 2.0 ** 103
        if any(str(v).startswith("0x") for v in variance):
            return False  # a NaN variance: nothing folds
        epsilon = float(f"{epsilon:.6e}")  # as printed into the module
        for g, b, m, v in zip(gamma, beta, mean, variance):
            if float(v) + epsilon <= 0:
                return False
            s = float(g) / math.sqrt(float(v) + epsilon)
            t = float(b) - float(m) * s
            if s == 0 and t != 0 or s != 0 and abs(t / s) >= overflow:
                return False
        return True

    def transpose(self, x, shape, permutation):
        self.use(x)
        out = [shape[p] for p in permutation]
        value = self.op(f"nn.transpose {x} permutation = {list(permutation)} : ({self.ty(shape)}) -> {self.ty(out)}",
                        "transpose")
        self.layout[value] = (x, lambda axis: permutation[axis])
        return value, out

    def flatten(self, x, shape, start):
        self.use(x)
        out = shape[:start] + [math.prod(shape[start:])]
        value = self.op(f"nn.flatten {x} start_dim = {start} : ({self.ty(shape)}) -> {self.ty(out)}", "flatten")
        # The flattened axis is an input axis only if every other collapsed
        # dim is 1 (the first one if all are).
        not_one = [d for d in range(start, len(shape)) if shape[d] != 1] or [start]
        self.layout[value] = (x, lambda axis: axis if axis < start else
                              (not_one[0] if len(not_one) == 1 else None))
        return value, out

    def nhwc_batch_norm(self, x, shape):
        """NCHW -> NHWC, a batch norm over an axis of that, and back. Over the
        last axis (the channels) it folds into a conv before; over W it
        cannot and is refused."""
        t, t_shape = self.transpose(x, shape, (0, 2, 3, 1))
        y, _ = self.batch_norm(t, t_shape, axis=3 if self.rng.random() < 0.7 else 2)
        return self.transpose(y, t_shape, (0, 3, 1, 2))

    def channel_op(self, x, shape):
        """x * constant or x + constant: per channel ([1, C, 1, 1] or all
        ones), or not (per pixel)."""
        rng = self.rng
        kind = rng.choice(("mul", "add"))
        c_shape = rng.choice(([1, shape[1], 1, 1], [1, 1, 1, 1], [1, 1] + shape[2:], [1] + shape[1:]))
        per_channel = c_shape[2:] == [1, 1]
        lo, hi = (0.25, 2.0) if rng.random() < 0.5 else (-2.0, 2.0)
        values = [self.number(lo, hi) for _ in range(math.prod(c_shape))]
        positive = all(float(v) > 0 for v in values)
        constant = self.constant(c_shape, values)
        self.use(x, constant)
        operands = [(x, shape), (constant, c_shape)]
        if rng.random() < 0.5:
            operands.reverse()
        value = self.op(f"nn.{kind} {operands[0][0]}, {operands[1][0]} : {self.ty(operands[0][1])}, "
                        f"{self.ty(operands[1][1])} -> {self.ty(shape)}", "elementwise")
        self.events.append(("channel_op", value, x, (kind, per_channel, kind == "mul" and positive)))
        return value, shape

    def activation(self, x, shape):
        self.use(x)
        kind = self.rng.choice(("relu", "sigmoid", "silu", "hardsigmoid", "hardswish", "clamp"))
        attrs = " min = -1.0 max = 2.0" if kind == "clamp" else ""
        return self.op(f"nn.{kind} {x}{attrs} : {self.ty(shape)}", "elementwise"), shape

    def pool(self, x, shape):
        n, c, h, w = shape
        if h < 2 or w < 2:
            return self.activation(x, shape)
        self.use(x)
        kind = self.rng.choice(("max_pool2d", "avg_pool2d"))
        out = [n, c, h // 2, w // 2]
        return self.op(f"nn.{kind} {x} kernel = [2, 2] strides = [2, 2] : ({self.ty(shape)}) -> {self.ty(out)}",
                       "pool"), out

    def binary(self, a, b, shape):
        self.use(a, b)
        kind = self.rng.choice(("add", "mul"))
        t = self.ty(shape)
        return self.op(f"nn.{kind} {a}, {b} : {t}, {t} -> {t}", "elementwise"), shape

    def concat(self, a, a_shape, b, b_shape):
        self.use(a, b)
        out = [a_shape[0], a_shape[1] + b_shape[1]] + a_shape[2:]
        return self.op(f"nn.concat {a}, {b} axis = 1 : ({self.ty(a_shape)}, {self.ty(b_shape)}) -> {self.ty(out)}",
                       "concat"), out

    def dense_head(self, x, shape):
        flat, (_, features) = self.flatten(x, shape, 1)
        if self.rng.random() < 0.3:
            flat, _ = self.batch_norm(flat, [shape[0], features])
        outputs = self.rng.choice((3, 5, 8))
        weight = self.uniform([outputs, features], -1 / features ** 0.5, 1 / features ** 0.5)
        operands, types = [flat, weight], [self.ty([shape[0], features]), self.ty([outputs, features])]
        if self.rng.random() < 0.5:
            operands.append(self.uniform([outputs], -0.5, 0.5))
            types.append(self.ty([outputs]))
        self.use(*operands)
        y = self.op(f"nn.dense {', '.join(operands)} : ({', '.join(types)}) -> {self.ty([shape[0], outputs])}",
                    "linear")
        self.events.append(("linear", y, flat, "unpadded"))
        return y, [shape[0], outputs]

    def flat_batch_norm(self, x, shape):
        """[N, C, H, W] -> [N, C, H*W] and a batch norm over the channels
        (BatchNorm1d): it folds through the flatten into x's producer."""
        return self.batch_norm(*self.flatten(x, shape, 2))

    def expected_counts(self):
        """(batch norms folded, constant mul/add ops left), by the rules of
        docs/FoldBatchNorm.md applied in program order as the pass does.
        Constant operands and valid statistics hold by construction."""
        producer, layout = dict(self.producer), dict(self.layout)
        pads_exactly = self.pads_exactly
        folds, channel_ops = 0, 0
        waiting = set()  # batch norms that may still fold into their user

        def channel_source(x, axis):
            """The value whose channels (dim 1) are `axis` of x: x itself or,
            through transposes and flattens, a linear op's result."""
            path, source = [], x
            while source in layout:
                path.append(source)
                source = layout[source][0]
            if not path or producer.get(source, (None,))[0] != "linear":
                return x if axis == 1 else None
            for value in path:
                axis = layout[value][1](axis) if self.uses.get(value) == 1 else None
                if axis is None:
                    return None
            return source if axis == 1 else None

        def single_linear(x):
            kind, activation = producer.get(x, (None, None))
            return activation if kind == "linear" and self.uses.get(x) == 1 else None

        def folded_into(source, result, x, activation):
            """The folded op's result is the rebuilt producer, seen through
            the same layout ops as before."""
            if source == x:
                producer[result] = ("linear", activation)
            else:
                layout[result] = layout[x]
                producer[source] = ("linear", activation)

        for kind, result, x, info in self.events:
            axis = info[1] if kind == "batch_norm" else 1
            source = channel_source(x, axis) if kind != "linear" else x
            activation = single_linear(source) if source else None
            if kind == "batch_norm":
                positive = info[0]
                if activation == "none" or (activation == "relu" and positive):
                    folds += 1
                    if activation == "none":
                        folded_into(source, result, x, "none")
                    else:
                        # Behind a relu, the offset stays as a constant add.
                        producer[result] = ("add", None)
                        channel_ops += 1
                elif self.uses.get(result) == 1 and axis == 1:
                    waiting.add(result)
            elif kind == "channel_op":
                op, per_channel, positive_mul = info
                channel_ops += 1
                if per_channel and (activation == "none" or (activation == "relu" and positive_mul)):
                    channel_ops -= 1
                    folded_into(source, result, x, activation)
            elif x in waiting and (info == "unpadded" or info == "padded" and pads_exactly[x]):
                folds += 1
        return folds, channel_ops

    def function(self, in_shape, out, out_shape):
        body = "\n".join(self.lines)
        return (f"func.func @forward(%x: {self.ty(in_shape)}) -> {self.ty(out_shape)} {{\n"
                f"{body}\n  return {out} : {self.ty(out_shape)}\n}}\n")


def random_graph(seed):
    """(module text, (batch norms the fold must fold, constant mul/add ops
    it must leave)). One seed in ten is an f16 graph."""
    g = Graph(seed, "f16" if seed % 10 == 4 else "f32")
    rng = g.rng
    # Some maps are wide enough for convolutions to read their input rows in
    # place (output rows of 16 or more, at stride 2 too).
    width = rng.randint(5, 10) if rng.random() < 0.7 else rng.randint(16, 40)
    shape = [rng.choice((1, 2)), rng.choice((2, 3, 4)), rng.randint(5, 10), width]
    live = [("%x", shape)]
    for _ in range(rng.randint(2, 7)):
        x, x_shape = rng.choice(live[-3:])
        choice = rng.random()
        if choice < 0.3:
            y = (g.conv_transpose if rng.random() < 0.2 else g.conv)(x, x_shape)
            if rng.random() < 0.8:
                # Sometimes the convolution also feeds later ops: several users.
                if rng.random() < 0.25:
                    live.append(y)
                y = g.batch_norm(*y)
        elif choice < 0.38:
            # Behind a separate activation op a batch norm stays unfolded.
            y = g.batch_norm(*g.activation(x, x_shape))
        elif choice < 0.46:
            # Before a convolution: folds into it unless padded (or it
            # already folded into its own producer).
            y = g.conv(*g.batch_norm(x, x_shape))
        elif choice < 0.52:
            y = g.nhwc_batch_norm(*(g.conv(x, x_shape) if rng.random() < 0.7 else (x, x_shape)))
        elif choice < 0.58:
            y = g.channel_op(*(g.conv(x, x_shape) if rng.random() < 0.7 else (x, x_shape)))
        elif choice < 0.64:
            y = g.activation(x, x_shape)
        elif choice < 0.72:
            y = g.pool(x, x_shape)
        else:
            same = [(v, s) for v, s in live if s[2:] == x_shape[2:] and v != x]
            if not same:
                y = g.batch_norm(*g.conv(x, x_shape))
            else:
                other, other_shape = rng.choice(same)
                y = g.binary(x, other, x_shape) if other_shape == x_shape else \
                    g.concat(x, x_shape, other, other_shape)
        live.append(y)
    out, out_shape = live[-1]
    ending = rng.random()
    # f16 dot products of thousands of terms have rounding errors near the
    # tolerance (sqrt(u) is only 45 f16 roundoffs): no long dense heads there.
    if ending < 0.4 and (g.dtype != "f16" or math.prod(out_shape[1:]) <= 256):
        out, out_shape = g.batch_norm(*g.dense_head(out, out_shape))
    elif ending < 0.55:
        out, out_shape = g.flat_batch_norm(*(g.conv(out, out_shape) if rng.random() < 0.7 else (out, out_shape)))
    g.use(out)
    return g.function(shape, out, out_shape), g.expected_counts()


def invalid_graph(seed):
    """(module text, reason code every batch norm must be refused with)."""
    rng = random.Random(seed)
    kind = rng.choice(("non-positive-variance", "nan", "overflow"))
    g = Graph(seed, "f16" if kind == "overflow" else "f32")
    shape = [1, 2, 4, 4]
    y, y_shape = g.conv("%x", shape, activation="none")
    c = y_shape[1]
    gamma, beta, mean, variance, epsilon = g.batch_norm_params(c)
    if kind == "non-positive-variance":
        variance = ["%.6e" % -rng.uniform(0.5, 2.0)] + variance[1:]
        epsilon = 1e-5
    elif kind == "nan":
        variance = ["0x7FC00000"] + variance[1:]
    else:
        # s = 60000 / sqrt(1e-4): every folded weight exceeds f16's 65504.
        gamma = ["6.0e+04"] * c
        variance, epsilon = ["1.0e-04"] * c, 0.0
    out, out_shape = g.batch_norm(y, y_shape, (gamma, beta, mean, variance, epsilon))
    reason = "overflow" if kind == "overflow" else "non-positive-variance"
    return g.function(shape, out, out_shape), reason


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", type=int)
    parser.add_argument("--invalid", action="store_true")
    args = parser.parse_args()
    text, expected = (invalid_graph if args.invalid else random_graph)(args.seed)
    print(f"// expected: {expected}")
    print(text, end="")
