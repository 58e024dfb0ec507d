"""Writes small nn modules with seeded random weights and batch-norm
statistics, for the folded-vs-unfolded execution tests.

usage: fold_models.py MODEL [--bias] [--groups G] [--stride S] [--padding P]
                            [--dilation D] [--dtype f32|f16]
MODEL: conv_bn, wide_conv_bn, dense_bn, conv_transpose_bn, conv_bn_nhwc, conv_bn_flatten, conv_relu_bn,
       conv_mul_add,
       bn_then_conv, bn_then_dense, resnet_basic_block, mobilenet_v2_block
"""
import argparse
import random


class Module:
    def __init__(self, seed, dtype):
        self.rng = random.Random(seed)
        self.dtype = dtype
        self.lines = []
        self.count = 0

    def ty(self, shape):
        return "tensor<" + "x".join(map(str, shape)) + "x" + self.dtype + ">"

    def fresh(self, stem):
        self.count += 1
        return f"%{stem}{self.count}"

    def constant(self, shape, lo, hi):
        def nest(dims):
            if not dims:
                return "%.6g" % self.rng.uniform(lo, hi)
            return "[" + ", ".join(nest(dims[1:]) for _ in range(dims[0])) + "]"
        name = self.fresh("c")
        self.lines.append(f"  {name} = arith.constant dense<{nest(shape)}> : {self.ty(shape)}")
        return name

    def op(self, text):
        name = self.fresh("v")
        self.lines.append(f"  {name} = {text}")
        return name

    def conv(self, x, in_shape, out_c, kernel, stride=1, padding=0, dilation=1,
             groups=1, bias=False, activation="none"):
        n, c, h, w = in_shape
        weight_shape = [out_c, c // groups, kernel, kernel]
        fan_in = (c // groups) * kernel * kernel
        weight = self.constant(weight_shape, -1.0 / fan_in ** 0.5, 1.0 / fan_in ** 0.5)
        extent = dilation * (kernel - 1) + 1
        out = [n, out_c, (h + 2 * padding - extent) // stride + 1,
               (w + 2 * padding - extent) // stride + 1]
        operands, types = [x, weight], [self.ty(in_shape), self.ty(weight_shape)]
        if bias:
            operands.append(self.constant([out_c], -0.5, 0.5))
            types.append(self.ty([out_c]))
        attrs = (f"strides = [{stride}, {stride}] padding = [{padding}, {padding}, {padding}, {padding}] "
                 f"dilations = [{dilation}, {dilation}] groups = {groups} activation = {activation}")
        return self.op(f"nn.conv2d {', '.join(operands)} {attrs} : ({', '.join(types)}) -> {self.ty(out)}"), out

    def batch_norm(self, x, shape, axis=1):
        c = shape[axis]
        params = [self.constant([c], 0.5, 1.5), self.constant([c], -0.5, 0.5),
                  self.constant([c], -0.5, 0.5), self.constant([c], 0.1, 2.0)]
        types = ", ".join([self.ty(shape)] + [self.ty([c])] * 4)
        return self.op(f"nn.batch_norm {x}, {', '.join(params)} epsilon = 1.0e-05 axis = {axis} "
                       f": ({types}) -> {self.ty(shape)}")

    def channel_constant(self, rank, c, lo, hi):
        """[1, C, 1, ...]: one value per channel."""
        return self.constant([1, c] + [1] * (rank - 2), lo, hi), self.ty([1, c] + [1] * (rank - 2))

    def unary(self, name, x, shape, attrs=""):
        return self.op(f"nn.{name} {x}{attrs} : {self.ty(shape)}")

    def add(self, a, b, shape):
        t = self.ty(shape)
        return self.op(f"nn.add {a}, {b} : {t}, {t} -> {t}")

    def function(self, in_shape, out, out_shape):
        body = "\n".join(self.lines)
        return (f"func.func @forward(%x: {self.ty(in_shape)}) -> {self.ty(out_shape)} {{\n"
                f"{body}\n  return {out} : {self.ty(out_shape)}\n}}\n")


def conv_bn(m, args):
    shape = [2, 4, 9, 9]
    y, out = m.conv("%x", shape, 4 if args.groups > 1 else 6, 3, args.stride,
                    args.padding, args.dilation, args.groups, args.bias)
    return m.function(shape, m.batch_norm(y, out), out)


def wide_conv_bn(m, args):
    """Large enough (64 x 1024 x 144 products) for parallel row blocks."""
    shape = [1, 16, 32, 32]
    y, out = m.conv("%x", shape, 64, 3, padding=1, bias=args.bias)
    return m.function(shape, m.batch_norm(y, out), out)


def dense_bn(m, args):
    n, features, outputs = 3, 16, 8
    weight = m.constant([outputs, features], -0.25, 0.25)
    operands = ["%x", weight]
    types = [m.ty([n, features]), m.ty([outputs, features])]
    if args.bias:
        operands.append(m.constant([outputs], -0.5, 0.5))
        types.append(m.ty([outputs]))
    y = m.op(f"nn.dense {', '.join(operands)} : ({', '.join(types)}) -> {m.ty([n, outputs])}")
    return m.function([n, features], m.batch_norm(y, [n, outputs]), [n, outputs])


def conv_transpose_bn(m, args):
    """[I, O/groups, kH, kW] weight: the BN scale runs along dim 1 per group."""
    shape = [2, 4, 5, 6]
    c, groups, kernel = shape[1], args.groups, 3
    out_c = 8 if groups > 1 else 6
    weight_shape = [c, out_c // groups, kernel, kernel]
    weight = m.constant(weight_shape, -0.3, 0.3)
    operands, types = ["%x", weight], [m.ty(shape), m.ty(weight_shape)]
    if args.bias:
        operands.append(m.constant([out_c], -0.5, 0.5))
        types.append(m.ty([out_c]))
    s, p, d = args.stride, args.padding, args.dilation
    output_padding = max(s, d) - 1
    out = [shape[0], out_c] + [(i - 1) * s - 2 * p + d * (kernel - 1) + output_padding + 1 for i in shape[2:]]
    y = m.op(f"nn.conv_transpose2d {', '.join(operands)} strides = [{s}, {s}] padding = [{p}, {p}, {p}, {p}] "
             f"output_padding = [{output_padding}, {output_padding}] dilations = [{d}, {d}] groups = {groups} "
             f": ({', '.join(types)}) -> {m.ty(out)}")
    return m.function(shape, m.batch_norm(y, out), out)


def conv_bn_nhwc(m, args):
    """The conv's result moved to NHWC, then a batch norm over the last axis."""
    shape = [2, 4, 9, 9]
    y, out = m.conv("%x", shape, 4 if args.groups > 1 else 6, 3, args.stride,
                    args.padding, args.dilation, args.groups, args.bias)
    nhwc = [out[0], out[2], out[3], out[1]]
    t = m.op(f"nn.transpose {y} permutation = [0, 2, 3, 1] : ({m.ty(out)}) -> {m.ty(nhwc)}")
    return m.function(shape, m.batch_norm(t, nhwc, axis=3), nhwc)


def conv_bn_flatten(m, args):
    """A BatchNorm1d over the conv's result flattened to [N, C, H*W]; relu
    on the conv with --groups > 1 (the offset then stays after the flatten)."""
    shape = [2, 4, 9, 9]
    activation = "relu" if args.groups > 1 else "none"
    y, out = m.conv("%x", shape, 4 if args.groups > 1 else 6, 3, args.stride,
                    args.padding, args.dilation, args.groups, args.bias, activation)
    flat = [out[0], out[1], out[2] * out[3]]
    f = m.op(f"nn.flatten {y} start_dim = 2 : ({m.ty(out)}) -> {m.ty(flat)}")
    return m.function(shape, m.batch_norm(f, flat), flat)


def conv_relu_bn(m, args):
    """Positive gammas: the scale moves through the relu, the offset stays."""
    shape = [2, 4, 9, 9]
    y, out = m.conv("%x", shape, 4 if args.groups > 1 else 6, 3, args.stride,
                    args.padding, args.dilation, args.groups, args.bias, "relu")
    return m.function(shape, m.batch_norm(y, out), out)


def conv_mul_add(m, args):
    """A decomposed batch norm: per-channel mul, then per-channel add."""
    shape = [2, 4, 9, 9]
    y, out = m.conv("%x", shape, 6, 3, args.stride, args.padding, bias=args.bias)
    scale, scale_type = m.channel_constant(4, 6, -2.0, 2.0)
    shift, shift_type = m.channel_constant(4, 6, -0.5, 0.5)
    t = m.ty(out)
    y = m.op(f"nn.mul {y}, {scale} : {t}, {scale_type} -> {t}")
    y = m.op(f"nn.add {shift}, {y} : {shift_type}, {t} -> {t}")
    return m.function(shape, y, out)


def bn_then_conv(m, args):
    """The batch norm before the conv: folds per input channel (unpadded)."""
    shape = [2, 4, 9, 9]
    x = m.batch_norm("%x", shape)
    y, out = m.conv(x, shape, 8 if args.groups > 1 else 6, 3, args.stride, args.padding, args.dilation,
                    args.groups, args.bias)
    return m.function(shape, y, out)


def bn_then_dense(m, args):
    n, features, outputs = 3, 16, 8
    x = m.batch_norm("%x", [n, features])
    weight = m.constant([outputs, features], -0.25, 0.25)
    y = m.op(f"nn.dense {x}, {weight} : ({m.ty([n, features])}, {m.ty([outputs, features])}) "
             f"-> {m.ty([n, outputs])}")
    return m.function([n, features], y, [n, outputs])


def resnet_basic_block(m, args):
    shape = [1, 8, 8, 8]
    y, _ = m.conv("%x", shape, 8, 3, padding=1)
    y = m.unary("relu", m.batch_norm(y, shape), shape)
    y, _ = m.conv(y, shape, 8, 3, padding=1)
    y = m.add(m.batch_norm(y, shape), "%x", shape)
    return m.function(shape, m.unary("relu", y, shape), shape)


def mobilenet_v2_block(m, args):
    shape, wide = [1, 8, 8, 8], [1, 48, 8, 8]
    relu6 = " min = 0.0 max = 6.0"
    y, _ = m.conv("%x", shape, 48, 1)
    y = m.unary("clamp", m.batch_norm(y, wide), wide, relu6)
    y, _ = m.conv(y, wide, 48, 3, padding=1, groups=48)
    y = m.unary("clamp", m.batch_norm(y, wide), wide, relu6)
    y, _ = m.conv(y, wide, 8, 1)
    return m.function(shape, m.add(m.batch_norm(y, shape), "%x", shape), shape)


MODELS = {f.__name__: f for f in (conv_bn, wide_conv_bn, dense_bn, conv_transpose_bn, conv_bn_nhwc,
                                  conv_bn_flatten, conv_relu_bn, conv_mul_add,
                                  bn_then_conv, bn_then_dense, resnet_basic_block,
                                  mobilenet_v2_block)}

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("model", choices=sorted(MODELS))
    parser.add_argument("--bias", action="store_true")
    parser.add_argument("--groups", type=int, default=1)
    parser.add_argument("--stride", type=int, default=1)
    parser.add_argument("--padding", type=int, default=0)
    parser.add_argument("--dilation", type=int, default=1)
    parser.add_argument("--dtype", default="f32")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(MODELS[args.model](Module(args.seed, args.dtype), args), end="")
