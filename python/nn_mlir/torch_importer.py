"""Imports an eval-mode torch.nn.Module into the nn dialect via torch.fx.

The graph is traced symbolically, shapes come from running ShapeProp on an
example input, and every parameter or buffer becomes a dense_resource whose
bytes are handed to the module as a numpy array (never written as text).
A node the importer does not know raises UnsupportedNodeError naming it; a
model fx cannot trace raises UntraceableModelError naming the line.
"""
import operator
import os
import re
import traceback

import numpy as np
import torch
import torch.fx
import torch.nn.functional as F
from torch.fx.passes.shape_prop import ShapeProp

from . import Module

try:  # torchvision registers stochastic_depth as an fx leaf function.
    from torchvision.ops.stochastic_depth import stochastic_depth
except ImportError:  # pragma: no cover - torchvision is optional
    stochastic_depth = None


class UnsupportedNodeError(ValueError):
    """A node of the traced graph that has no exact nn-dialect equivalent."""

    def __init__(self, node, why):
        super().__init__(f"cannot import node '{node.name}' ({node.op} {_target_name(node)}): {why}")


class UntraceableModelError(ValueError):
    """A model torch.fx cannot trace symbolically, such as one that unpacks
    a shape or branches on a tensor's value in its forward."""

    def __init__(self, model, error):
        where = _model_frame(error.__traceback__)
        at = f" at {where.filename}:{where.lineno} ({where.line})" if where else ""
        super().__init__(f"torch.fx cannot trace {type(model).__name__}{at}: {error}")


def _model_frame(trace):
    """The innermost frame of `trace` outside torch: the model's line that
    tracing stopped at."""
    torch_dir = os.path.dirname(torch.__file__) + os.sep
    frames = [f for f in traceback.extract_tb(trace) if not f.filename.startswith(torch_dir)]
    return frames[-1] if frames else None


def _target_name(node):
    target = node.target
    if isinstance(target, str):
        return target
    return getattr(target, "__name__", str(target))


def _pair(value):
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


def _float_literal(value):
    """Python's shortest round-trip form, with the '.' MLIR needs ("1.0e-05")."""
    text = repr(float(value))
    mantissa, e, exponent = text.partition("e")
    return text if "." in mantissa else f"{mantissa}.0{e}{exponent}"


# The element types a model can be imported in, with the numpy type its
# parameters are rounded to (once, to nearest even).
ELEMENT_TYPES = {"f32": np.float32, "f16": np.float16}


def _tensor_type(shape, element):
    return "tensor<" + "".join(f"{d}x" for d in shape) + element + ">"


class _Importer:
    def __init__(self, graph_module, element_type):
        self.root = graph_module
        self.modules = dict(graph_module.named_modules())
        self.graph = graph_module.graph
        self.element_type = element_type
        self.lines = []
        self.values = {}  # fx node -> SSA name
        self.weights = {}  # resource name -> array of the element type
        self.constants = {}  # resource name -> SSA name
        self.keys = {}  # parameter name -> resource name
        self.types = {}  # SSA name -> its tensor type
        self.count = 0
        self.location = None  # of the ops emitted for the node being imported

    # -- emission helpers ------------------------------------------------
    def fresh(self):
        self.count += 1
        return f"%v{self.count}"

    def emit(self, text, result_type, location=None):
        """An op with the location `location`, or else that of the node being
        imported: its module's path or the fx name of its call, which fold
        reports and diagnostics then name instead of a line of this text."""
        name = self.fresh()
        where = (location or self.location or "").replace("\\", "\\\\").replace('"', '\\"')
        self.lines.append(f'  {name} = {text} loc("{where}")' if where else f"  {name} = {text}")
        self.types[name] = result_type
        return name

    def types_of(self, values):
        """The tensor types of SSA `values`, as an op's operand type list."""
        return ", ".join(self.types[v] for v in values)

    def resource_key(self, name):
        """A resource identifier for parameter `name`, unique per name: the
        first character must not be a digit ("0.weight" in a Sequential), and
        "a.b" and "a_b" must not collide."""
        if name not in self.keys:
            key = re.sub(r"[^A-Za-z0-9_]", "_", name)
            if not key[:1].isalpha():
                key = "p_" + key
            base, suffix = key, 1
            while key in self.weights:
                key, suffix = f"{base}_{suffix}", suffix + 1
            self.keys[name] = key
        return self.keys[name]

    def constant(self, name, tensor):
        key = self.resource_key(name)
        if key not in self.constants:
            array = tensor.detach().cpu().numpy().astype(ELEMENT_TYPES[self.element_type])
            self.weights[key] = np.ascontiguousarray(array)
            tensor_type = _tensor_type(array.shape, self.element_type)
            self.constants[key] = self.emit(f"arith.constant dense_resource<{key}> : {tensor_type}", tensor_type,
                                            location=name)
        return self.constants[key]

    def shape(self, node):
        meta = node.meta.get("tensor_meta")
        if meta is None or not hasattr(meta, "shape"):
            raise UnsupportedNodeError(node, "its result is not a single tensor")
        if meta.dtype != torch.float32:
            raise UnsupportedNodeError(node, f"its result has dtype {meta.dtype}, only float32 is imported")
        return list(meta.shape)

    def value(self, node, arg):
        if not isinstance(arg, torch.fx.Node):
            raise UnsupportedNodeError(node, f"operand {arg!r} is not a tensor")
        return self.values[arg]

    def result_type(self, node):
        return _tensor_type(self.shape(node), self.element_type)

    # -- ops -------------------------------------------------------------
    def weighted_operands(self, node, layer, x):
        """x, the layer's weight and its bias if it has one."""
        operands = [x, self.constant(node.target + ".weight", layer.weight)]
        if layer.bias is not None:
            operands.append(self.constant(node.target + ".bias", layer.bias))
        return operands

    def conv2d(self, node, conv, x):
        if conv.padding_mode != "zeros":
            raise UnsupportedNodeError(node, f"padding {conv.padding!r} with mode {conv.padding_mode!r}")
        return self.emit_conv2d(node, self.weighted_operands(node, conv, x), conv.stride, conv.padding,
                                conv.dilation, conv.groups)

    def emit_conv2d(self, node, operands, stride, padding, dilation, groups):
        if isinstance(padding, str):
            raise UnsupportedNodeError(node, f"padding {padding!r} with mode 'zeros'")
        (sh, sw), (ph, pw), (dh, dw) = _pair(stride), _pair(padding), _pair(dilation)
        types = self.types_of(operands)
        return self.emit(
            f"nn.conv2d {', '.join(operands)} strides = [{sh}, {sw}] padding = [{ph}, {pw}, {ph}, {pw}] "
            f"dilations = [{dh}, {dw}] groups = {groups} : ({types}) -> {self.result_type(node)}",
            self.result_type(node))

    def conv_transpose2d(self, node, conv, x):
        if conv.padding_mode != "zeros":
            raise UnsupportedNodeError(node, f"padding mode {conv.padding_mode!r}")
        operands = self.weighted_operands(node, conv, x)
        types = self.types_of(operands)
        (sh, sw), (ph, pw), (dh, dw) = _pair(conv.stride), _pair(conv.padding), _pair(conv.dilation)
        oh, ow = _pair(conv.output_padding)
        return self.emit(
            f"nn.conv_transpose2d {', '.join(operands)} strides = [{sh}, {sw}] padding = [{ph}, {pw}, {ph}, {pw}] "
            f"output_padding = [{oh}, {ow}] dilations = [{dh}, {dw}] groups = {conv.groups} "
            f": ({types}) -> {self.result_type(node)}",
            self.result_type(node))

    def dense(self, node, operands):
        types = self.types_of(operands)
        return self.emit(f"nn.dense {', '.join(operands)} : ({types}) -> {self.result_type(node)}",
                         self.result_type(node))

    def batch_norm(self, node, bn, x):
        if bn.training or bn.running_mean is None:
            raise UnsupportedNodeError(node, "only eval-mode batch norm with running statistics is imported")
        prefix, channels = node.target, bn.num_features
        scale = bn.weight if bn.affine else torch.ones(channels)
        offset = bn.bias if bn.affine else torch.zeros(channels)
        params = [self.constant(prefix + ".weight", scale), self.constant(prefix + ".bias", offset),
                  self.constant(prefix + ".running_mean", bn.running_mean),
                  self.constant(prefix + ".running_var", bn.running_var)]
        return self.emit_batch_norm(node, x, params, bn.eps)

    def emit_batch_norm(self, node, x, params, eps):
        """nn.batch_norm of x with params (scale, offset, mean, variance)."""
        types = self.types_of([x] + params)
        return self.emit(f"nn.batch_norm {x}, {', '.join(params)} epsilon = {_float_literal(eps)} "
                         f": ({types}) -> {self.result_type(node)}", self.result_type(node))

    def functional_batch_norm(self, node):
        """F.batch_norm(x, running_mean, running_var, weight, bias, training,
        momentum, eps) in inference form; a missing weight or bias is a
        constant of ones or zeros."""
        names = ["input", "running_mean", "running_var", "weight", "bias"]
        _, arguments = self.functional_operands(node, names, {"training": False, "momentum": 0.1, "eps": 1e-5})
        if arguments["training"] or arguments["running_mean"] is None or arguments["running_var"] is None:
            raise UnsupportedNodeError(node, "only eval-mode batch norm with running statistics is imported")
        channels = self.shape(node)[1]
        defaults = {"weight": torch.ones(channels), "bias": torch.zeros(channels)}
        params = [self.value(node, arguments[name]) if arguments[name] is not None
                  else self.constant(f"{node.name}.{name}", defaults[name])
                  for name in ("weight", "bias", "running_mean", "running_var")]
        return self.emit_batch_norm(node, self.value(node, arguments["input"]), params, arguments["eps"])

    def unary(self, node, name, x, attrs=""):
        return self.emit(f"nn.{name} {x}{attrs} : {self.result_type(node)}", self.result_type(node))

    def clamp(self, node, x, low, high):
        return self.unary(node, "clamp", x, f" min = {_float_literal(low)} max = {_float_literal(high)}")

    def binary(self, node, name, lhs, rhs):
        for operand in (lhs, rhs):
            if not isinstance(operand, torch.fx.Node):
                raise UnsupportedNodeError(node, f"operand {operand!r} is not a tensor")
            if len(self.shape(operand)) != len(self.shape(node)):
                raise UnsupportedNodeError(node, "operands of different ranks")
        a, b = self.values[lhs], self.values[rhs]
        return self.emit(f"nn.{name} {a}, {b} : {self.types[a]}, {self.types[b]} -> {self.result_type(node)}",
                         self.result_type(node))

    def pool(self, node, name, x, kernel, stride, padding, extra="", ceil_mode=False):
        (kh, kw), (ph, pw) = _pair(kernel), _pair(padding)
        sh, sw = _pair(stride if stride not in (None, []) else kernel)
        bottom, right = ph, pw
        if ceil_mode:
            # Rounding the output size up adds a last window that runs past
            # the bottom or right edge: for a max pool, padding there with
            # -inf by just as much gives the same windows.
            (h, w), (oh, ow) = self.shape(node.args[0])[2:], self.shape(node)[2:]
            bottom, right = max(ph, (oh - 1) * sh + kh - h - ph), max(pw, (ow - 1) * sw + kw - w - pw)
        return self.emit(f"nn.{name} {x} kernel = [{kh}, {kw}] strides = [{sh}, {sw}] "
                         f"padding = [{ph}, {pw}, {bottom}, {right}]{extra} : ({self.types[x]}) -> "
                         f"{self.result_type(node)}", self.result_type(node))

    def max_pool(self, node, x, kernel, stride, padding, dilation, ceil_mode, return_indices):
        if _pair(dilation) != (1, 1) or return_indices:
            raise UnsupportedNodeError(node, "dilation and return_indices are not supported")
        return self.pool(node, "max_pool2d", x, kernel, stride, padding, ceil_mode=ceil_mode)

    def avg_pool(self, node, x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
        if ceil_mode or divisor_override is not None:
            raise UnsupportedNodeError(node, "ceil_mode and divisor_override are not supported")
        return self.pool(node, "avg_pool2d", x, kernel, stride, padding,
                         f" count_include_pad = {str(bool(count_include_pad)).lower()}")

    def adaptive_avg_pool(self, node, x, output_size):
        in_shape, out_shape = self.shape(node.args[0]), self.shape(node)
        if out_shape[2:] == [1, 1]:
            return self.emit(f"nn.global_avg_pool2d {x} : ({self.types[x]}) -> {self.result_type(node)}",
                             self.result_type(node))
        if out_shape == in_shape:
            return x
        raise UnsupportedNodeError(node, f"adaptive pooling from {in_shape[2:]} to {out_shape[2:]} "
                                         "is neither global nor the identity")

    def flatten(self, node, x, start_dim, end_dim=-1):
        rank = len(self.shape(node.args[0]))
        if end_dim not in (-1, rank - 1):
            raise UnsupportedNodeError(node, "flatten must run to the last dim")
        return self.emit(f"nn.flatten {x} start_dim = {start_dim % rank} : ({self.types[x]}) -> {self.result_type(node)}",
                         self.result_type(node))

    def concat(self, node, tensors, dim):
        values = [self.value(node, t) for t in tensors]
        rank = len(self.shape(node))
        types = self.types_of(values)
        return self.emit(f"nn.concat {', '.join(values)} axis = {dim % rank} : ({types}) -> {self.result_type(node)}",
                         self.result_type(node))

    # -- dispatch --------------------------------------------------------
    def call_module(self, node):
        module = self.modules[node.target]
        x = self.value(node, node.args[0])
        if isinstance(module, torch.nn.Conv2d):
            return self.conv2d(node, module, x)
        if isinstance(module, torch.nn.ConvTranspose2d):
            return self.conv_transpose2d(node, module, x)
        if isinstance(module, torch.nn.Linear):
            return self.dense(node, self.weighted_operands(node, module, x))
        if isinstance(module, (torch.nn.BatchNorm2d, torch.nn.BatchNorm1d)):
            return self.batch_norm(node, module, x)
        if isinstance(module, torch.nn.ReLU):
            return self.unary(node, "relu", x)
        if isinstance(module, torch.nn.ReLU6):
            return self.clamp(node, x, 0.0, 6.0)
        if isinstance(module, torch.nn.Hardtanh):
            return self.clamp(node, x, module.min_val, module.max_val)
        if isinstance(module, torch.nn.SiLU):
            return self.unary(node, "silu", x)
        if isinstance(module, torch.nn.Sigmoid):
            return self.unary(node, "sigmoid", x)
        if isinstance(module, torch.nn.Hardsigmoid):
            return self.unary(node, "hardsigmoid", x)
        if isinstance(module, torch.nn.Hardswish):
            return self.unary(node, "hardswish", x)
        if isinstance(module, torch.nn.MaxPool2d):
            return self.max_pool(node, x, module.kernel_size, module.stride, module.padding, module.dilation,
                                 module.ceil_mode, module.return_indices)
        if isinstance(module, torch.nn.AvgPool2d):
            return self.avg_pool(node, x, module.kernel_size, module.stride, module.padding, module.ceil_mode,
                                 module.count_include_pad, module.divisor_override)
        if isinstance(module, torch.nn.AdaptiveAvgPool2d):
            return self.adaptive_avg_pool(node, x, module.output_size)
        if isinstance(module, torch.nn.Flatten):
            return self.flatten(node, x, module.start_dim, module.end_dim)
        if isinstance(module, (torch.nn.Dropout, torch.nn.Identity)) or type(module).__name__ == "StochasticDepth":
            if module.training:
                raise UnsupportedNodeError(node, "the model is in training mode")
            return x
        raise UnsupportedNodeError(node, f"module type {type(module).__name__} is not supported")

    def get_attr(self, node):
        """A parameter or buffer read by a function (F.conv2d(x, self.weight),
        x * self.scale) rather than by its module: a constant like the
        parameters of modules."""
        owner, _, name = node.target.rpartition(".")
        tensor = getattr(self.root.get_submodule(owner), name, None)
        if not isinstance(tensor, torch.Tensor) or tensor.dtype != torch.float32:
            raise UnsupportedNodeError(node, "only float32 tensors are imported as constants")
        return self.constant(node.target, tensor)

    def functional_operands(self, node, names, defaults):
        """(SSA values of the tensor parameters `names` that the call passes,
        in order, skipping those that are absent or None; every argument by
        parameter name). Positional arguments come in the order of `names`,
        then of `defaults`."""
        arguments = dict(defaults)
        arguments.update(zip(names + list(defaults), node.args))
        arguments.update(node.kwargs)
        operands = [self.value(node, arguments[name]) for name in names if arguments.get(name) is not None]
        return operands, arguments

    def call_function(self, node):
        target, args, kwargs = node.target, node.args, node.kwargs
        if target is F.conv2d:
            parameters = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1}
            operands, arguments = self.functional_operands(node, ["input", "weight", "bias"], parameters)
            return self.emit_conv2d(node, operands, *(arguments[name] for name in parameters))
        if target is F.linear:
            return self.dense(node, self.functional_operands(node, ["input", "weight", "bias"], {})[0])
        if target in (operator.add, torch.add) and kwargs.get("alpha", 1) == 1:
            return self.binary(node, "add", args[0], args[1])
        if target in (operator.mul, torch.mul):
            return self.binary(node, "mul", args[0], args[1])
        if target is torch.flatten:
            return self.flatten(node, self.value(node, args[0]), *(list(args[1:]) or [kwargs.get("start_dim", 0)]))
        if target is torch.cat:
            return self.concat(node, args[0], args[1] if len(args) > 1 else kwargs.get("dim", 0))
        if target in (F.relu, torch.relu):
            return self.unary(node, "relu", self.value(node, args[0]))
        if target is F.relu6:
            return self.clamp(node, self.value(node, args[0]), 0.0, 6.0)
        if target in (torch.sigmoid, F.sigmoid):
            return self.unary(node, "sigmoid", self.value(node, args[0]))
        if target is F.silu:
            return self.unary(node, "silu", self.value(node, args[0]))
        if target is F.hardsigmoid:
            return self.unary(node, "hardsigmoid", self.value(node, args[0]))
        if target is F.hardswish:
            return self.unary(node, "hardswish", self.value(node, args[0]))
        if target is torch.mean:
            return self.spatial_mean(node)
        if target is F.batch_norm:
            return self.functional_batch_norm(node)
        # F.max_pool2d dispatches on return_indices; fx records either form.
        if target in (F.max_pool2d, getattr(F, "_max_pool2d", None)):
            parameters = {"kernel_size": None, "stride": None, "padding": 0, "dilation": 1,
                          "ceil_mode": False, "return_indices": False}
            operands, arguments = self.functional_operands(node, ["input"], parameters)
            return self.max_pool(node, operands[0], *(arguments[name] for name in parameters))
        if target is F.avg_pool2d:
            parameters = {"kernel_size": None, "stride": None, "padding": 0, "ceil_mode": False,
                          "count_include_pad": True, "divisor_override": None}
            operands, arguments = self.functional_operands(node, ["input"], parameters)
            return self.avg_pool(node, operands[0], *(arguments[name] for name in parameters))
        if target is F.adaptive_avg_pool2d:
            return self.adaptive_avg_pool(node, self.value(node, args[0]), args[1])
        # Identities in eval mode: dropout(x, p, training), stochastic_depth(x, p, mode, training).
        training_position = {F.dropout: 2, stochastic_depth: 3}.get(target)
        if training_position is not None:
            training = args[training_position] if len(args) > training_position else kwargs.get("training", True)
            if training:
                raise UnsupportedNodeError(node, "dropout or stochastic depth in training mode")
            return self.value(node, args[0])
        raise UnsupportedNodeError(node, "this function is not supported")

    def spatial_mean(self, node):
        """x.mean([2, 3]) of an NCHW x (MNASNet's head): global average
        pooling, then, without keepdim, a flatten of the 1x1 map."""
        operands, arguments = self.functional_operands(node, ["input"], {"dim": None, "keepdim": False})
        dims, shape = arguments["dim"], self.shape(node.args[0])
        rank = len(shape)
        if rank != 4 or not isinstance(dims, (tuple, list)) or sorted(d % rank for d in dims) != [2, 3]:
            raise UnsupportedNodeError(node, f"only the mean over dims [2, 3] of an NCHW tensor is imported, "
                                             f"not over {dims!r} of a rank-{rank} tensor")
        x = operands[0]
        n, c = shape[:2]
        pooled_type = _tensor_type([n, c, 1, 1], self.element_type)
        pooled = self.emit(f"nn.global_avg_pool2d {x} : ({self.types[x]}) -> {pooled_type}", pooled_type)
        if arguments["keepdim"]:
            return pooled
        return self.emit(f"nn.flatten {pooled} start_dim = 1 : ({pooled_type}) -> {self.result_type(node)}",
                         self.result_type(node))

    def call_method(self, node):
        if node.target == "mean":
            return self.spatial_mean(node)
        if node.target == "flatten":
            args = list(node.args[1:]) or [node.kwargs.get("start_dim", 0)]
            return self.flatten(node, self.value(node, node.args[0]), *args)
        raise UnsupportedNodeError(node, "this method is not supported")

    def run(self, function_name):
        arguments, results = [], []
        for node in self.graph.nodes:
            if node.op == "placeholder":
                name = f"%arg{len(arguments)}"
                self.types[name] = self.result_type(node)
                arguments.append(f"{name}: {self.types[name]}")
                self.values[node] = name
            elif node.op == "output":
                outputs = node.args[0] if isinstance(node.args[0], (tuple, list)) else [node.args[0]]
                results = [self.value(node, output) for output in outputs]
            else:
                self.location = node.target if node.op in ("call_module", "get_attr") else node.name
                self.values[node] = getattr(self, node.op)(node)
        result_types = self.types_of(results)
        signature = f"({', '.join(arguments)}) -> ({result_types})"
        body = "\n".join(self.lines)
        returns = f"  return {', '.join(results)} : {result_types}"
        return f"func.func @{function_name}{signature} {{\n{body}\n{returns}\n}}\n"


def import_to_text(model, example_input, function_name="forward", element_type="f32"):
    """(nn-dialect text, {resource name: parameter array}) for `model`, a
    float32 model imported with every tensor in `element_type` ("f32" or
    "f16": its parameters rounded once)."""
    if element_type not in ELEMENT_TYPES:
        raise ValueError(f"element_type must be one of {sorted(ELEMENT_TYPES)}, got {element_type!r}")
    if model.training:
        raise ValueError("import an eval-mode model: call model.eval() first")
    # fx traces into the root's forward, and a bare torch.nn layer's forward
    # is not traceable (BatchNorm2d branches on the input's rank): as the
    # only member of a Sequential it is one call_module node, like a layer
    # inside a model.
    if torch.fx.Tracer().is_leaf_module(model, ""):
        model = torch.nn.Sequential(model)
    try:
        graph_module = torch.fx.symbolic_trace(model)
    except torch.fx.proxy.TraceError as error:
        raise UntraceableModelError(model, error) from error
    with torch.no_grad():
        ShapeProp(graph_module).propagate(example_input)
    importer = _Importer(graph_module, element_type)
    text = importer.run(function_name)
    return text, importer.weights


def import_model(model, example_input, function_name="forward", element_type="f32"):
    """An nn_mlir.Module computing `model` on inputs shaped like
    `example_input`, in `element_type` (see import_to_text)."""
    text, weights = import_to_text(model, example_input, function_name, element_type)
    return Module.parse(text, weights)
