"""nn-mlir from Python: parse, fold, compile and run nn modules.

    module = nn_mlir.Module.parse(text, weights={"w": array})
    folded, report = module.fold_batchnorm()
    outputs = folded.compile("forward")(x)          # numpy in, numpy out
    nn_mlir.compare_folded(module, folded, [x])     # as nn-run --compare-folded

PyTorch models come in through nn_mlir.torch_importer.import_model.
"""
from ._nn_mlir import Compiled, Module, compare_folded

__all__ = ["Compiled", "Module", "compare_folded"]
