//===- NNMlirModule.cpp - Python bindings of nn-mlir ----------------------===//
//
// Modules are parsed from text whose weights are dense_resource handles; the
// weights themselves arrive as numpy arrays and become the handles' blobs,
// so no weight goes through text. Each parsed module has its own context.
//
//===----------------------------------------------------------------------===//

#include "nn/Dialect/NN/IR/BatchNormFolding.h"
#include "nn/Dialect/NN/IR/ConstantTensor.h"
#include "nn/InitAllNN.h"
#include "nn/Runtime/FoldComparison.h"
#include "nn/Support/NestingDepth.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/ScopedPrinter.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>

namespace py = pybind11;
using namespace mlir;
using namespace mlir::nn;

namespace {
/// Collects a context's diagnostics so failures can be raised as exceptions.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(MLIRContext *context)
      : handler(context, [this](Diagnostic &diagnostic) {
          llvm::raw_string_ostream(text)
              << diagnostic.getLocation() << ": " << diagnostic << "\n";
          return success();
        }) {}
  const std::string &str() const { return text; }

private:
  std::string text;
  ScopedDiagnosticHandler handler;
};

template <typename T> T unwrap(llvm::Expected<T> value) {
  if (!value)
    throw std::runtime_error(llvm::toString(value.takeError()));
  return std::move(*value);
}

DType dtypeOf(const py::array &array) {
  if (array.dtype().is(py::dtype::of<float>()))
    return DType::F32;
  if (array.dtype().is(py::dtype::of<double>()))
    return DType::F64;
  if (array.dtype().is(py::dtype("float16")))
    return DType::F16;
  throw py::type_error("arrays must be float16, float32 or float64, got " +
                       py::str(array.dtype()).cast<std::string>());
}

py::dtype numpyDtype(DType dtype) {
  return py::dtype(dtypeNumpyName(dtype).str());
}

std::string specString(const TensorSpec &spec) { return spec.str(); }

struct PyModule;

/// A compiled function; numpy in, numpy out.
struct PyCompiled {
  std::shared_ptr<MLIRContext> context; // outlives the engine's module
  std::unique_ptr<JitFunction> function;

  std::vector<HostTensor> toInputs(const std::vector<py::array> &arrays) {
    llvm::ArrayRef<TensorSpec> specs = function->inputs();
    if (arrays.size() != specs.size())
      throw py::value_error("the function takes " +
                            std::to_string(specs.size()) + " inputs, got " +
                            std::to_string(arrays.size()));
    std::vector<HostTensor> inputs;
    for (auto [i, array] : llvm::enumerate(arrays)) {
      py::array contiguous =
          py::array::ensure(array, py::array::c_style);
      std::vector<int64_t> shape(contiguous.shape(),
                                 contiguous.shape() + contiguous.ndim());
      HostTensor tensor(dtypeOf(contiguous), shape);
      if (tensor.dtype() != specs[i].dtype || shape != specs[i].shape)
        throw py::value_error("input #" + std::to_string(i) + " must be " +
                              specs[i].str() + ", got " + tensor.typeString());
      std::memcpy(tensor.data(), contiguous.data(), tensor.numBytes());
      inputs.push_back(std::move(tensor));
    }
    return inputs;
  }

  py::list call(const std::vector<py::array> &arrays) {
    std::vector<HostTensor> inputs = toInputs(arrays);
    std::vector<HostTensor> outputs = function->allocateOutputs();
    {
      py::gil_scoped_release release;
      function->runInto(inputs, outputs);
    }
    py::list results;
    for (const HostTensor &output : outputs) {
      py::array array(numpyDtype(output.dtype()),
                      std::vector<py::ssize_t>(output.shape().begin(),
                                               output.shape().end()));
      std::memcpy(array.mutable_data(), output.data(), output.numBytes());
      results.append(array);
    }
    return results;
  }

  /// Wall time in seconds of each of `runs` calls, after one warm-up call.
  std::vector<double> time(const std::vector<py::array> &arrays, int runs) {
    std::vector<HostTensor> inputs = toInputs(arrays);
    std::vector<HostTensor> outputs = function->allocateOutputs();
    py::gil_scoped_release release;
    function->runInto(inputs, outputs);
    std::vector<double> seconds;
    for (int i = 0; i < runs; ++i) {
      auto start = std::chrono::steady_clock::now();
      function->runInto(inputs, outputs);
      seconds.push_back(std::chrono::duration<double>(
                            std::chrono::steady_clock::now() - start)
                            .count());
    }
    return seconds;
  }
};

struct PyModule {
  std::shared_ptr<MLIRContext> context;
  OwningOpRef<ModuleOp> module;

  static PyModule parse(const std::string &text, const py::dict &weights) {
    DialectRegistry registry;
    registerNNDialects(registry);
    auto context = std::make_shared<MLIRContext>(registry);
    if (auto tooDeep = checkNestingDepth(text, "<text>"))
      throw py::value_error("cannot parse the module:\n" + *tooDeep);
    DiagnosticCollector diagnostics(context.get());
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(text, ParserConfig(context.get()));
    if (!module)
      throw py::value_error("cannot parse the module:\n" + diagnostics.str());
    attachWeights(context.get(), weights);
    checkResourceSizes(*module);
    return PyModule{std::move(context), std::move(module)};
  }

  /// Gives each dense_resource handle named in `weights` its array's bytes.
  static void attachWeights(MLIRContext *context, const py::dict &weights) {
    auto &blobs =
        DenseResourceElementsHandle::getManagerInterface(context)
            .getBlobManager();
    for (auto [key, value] : weights) {
      std::string name = py::cast<std::string>(key);
      if (!blobs.lookup(name))
        throw py::key_error("the module has no dense_resource named '" +
                            name + "'");
      py::array array = py::array::ensure(value, py::array::c_style);
      size_t itemSize = dtypeSize(dtypeOf(array));
      llvm::ArrayRef<char> bytes(static_cast<const char *>(array.data()),
                                 array.nbytes());
      blobs.update(name, copyIntoConstantStorage(bytes, itemSize));
    }
  }

  /// Every dense_resource must hold exactly its type's bytes: a short blob
  /// would otherwise be read past its end by compiled code.
  static void checkResourceSizes(ModuleOp module) {
    module.walk([](Operation *op) {
      for (NamedAttribute attribute : op->getAttrs()) {
        auto resource = dyn_cast<DenseResourceElementsAttr>(attribute.getValue());
        if (!resource)
          continue;
        AsmResourceBlob *blob = resource.getRawHandle().getBlob();
        auto type = resource.getType();
        size_t expected = type.getNumElements() *
                          ((type.getElementTypeBitWidth() + 7) / 8);
        std::string name = resource.getRawHandle().getKey().str();
        if (!blob)
          throw py::value_error("dense_resource '" + name + "' has no data");
        if (blob->getData().size() != expected)
          throw py::value_error(
              "dense_resource '" + name + "' holds " +
              std::to_string(blob->getData().size()) + " bytes but its type " +
              llvm::to_string(type) + " needs " + std::to_string(expected));
      }
    });
  }

  std::string text(bool elideWeights) const {
    OpPrintingFlags flags;
    if (elideWeights)
      flags.elideLargeElementsAttrs(16).elideLargeResourceString(64);
    std::string text;
    llvm::raw_string_ostream stream(text);
    module.get()->print(stream, flags);
    return text;
  }

  py::dict countOps() const {
    std::map<std::string, int64_t> counts;
    module.get()->walk([&](Operation *op) {
      if (op != module.get().getOperation())
        ++counts[op->getName().getStringRef().str()];
    });
    return py::cast(counts);
  }

  /// The folded module and what happened: counts, time, and for every
  /// batch_norm left its reason code, detail and location.
  py::tuple foldBatchNorm() const {
    DiagnosticCollector diagnostics(context.get());
    auto start = std::chrono::steady_clock::now();
    OwningOpRef<ModuleOp> folded = unwrap(foldBatchNormsOf(module.get()));
    double seconds = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - start)
                         .count();
    py::list notFolded;
    folded->walk([&](BatchNormOp bn) {
      std::optional<FoldRefusal> refusal = explainBatchNormNotFoldable(bn);
      if (!refusal)
        return;
      py::dict entry;
      entry["reason"] = getFoldRefusalCode(refusal->reason).str();
      entry["detail"] = refusal->detail;
      entry["location"] = llvm::to_string(bn.getLoc());
      notFolded.append(entry);
    });
    py::dict report;
    report["batch_norms_before"] = countBatchNorms(module.get());
    report["batch_norms_after"] = countBatchNorms(*folded);
    report["not_folded"] = notFolded;
    report["seconds"] = seconds;
    return py::make_tuple(PyModule{context, std::move(folded)}, report);
  }

  PyCompiled compile(const std::string &function, unsigned threads,
                     bool perfJitDump = false,
                     unsigned codegenThreads = 0) const {
    DiagnosticCollector diagnostics(context.get());
    JitOptions options;
    options.threads = threads;
    options.codegenThreads = codegenThreads;
    options.perfJitDump = perfJitDump;
    auto jit = JitFunction::compile(module.get(), function, options);
    if (!jit)
      throw std::runtime_error(llvm::toString(jit.takeError()) + "\n" +
                               diagnostics.str());
    return PyCompiled{context, std::move(*jit)};
  }
};

py::dict compareFoldedBinding(const PyModule &unfolded, const PyModule &folded,
                              const std::vector<py::array> &arrays,
                              const std::string &function) {
  PyCompiled unfoldedFn = unfolded.compile(function, 1);
  PyCompiled foldedFn = folded.compile(function, 1);
  std::vector<HostTensor> inputs = unfoldedFn.toInputs(arrays);
  FoldComparison comparison;
  {
    py::gil_scoped_release release;
    comparison = unwrap(compareFolded(unfolded.module.get(), *unfoldedFn.function,
                                      folded.module.get(), *foldedFn.function,
                                      function, inputs));
  }
  py::list outputs;
  for (const OutputComparison &output : comparison.outputs) {
    py::dict entry;
    entry["type"] = output.type;
    entry["reference_scale"] = output.referenceScale;
    entry["unfolded_abs_error"] = output.unfoldedAbsError;
    entry["folded_abs_error"] = output.foldedAbsError;
    entry["tolerance"] = output.tolerance;
    entry["passed"] = output.passed();
    outputs.append(entry);
  }
  py::dict result;
  result["batch_norms_before"] = comparison.batchNormsBefore;
  result["batch_norms_after"] = comparison.batchNormsAfter;
  result["outputs"] = outputs;
  result["passed"] = comparison.passed();
  return result;
}
} // namespace

PYBIND11_MODULE(_nn_mlir, m) {
  m.doc() = "nn-mlir: the nn dialect, batch-norm folding and JIT execution";

  // Registered first, so that Module.compile's signature names it.
  py::class_<PyCompiled>(m, "Compiled")
      .def("__call__",
           [](PyCompiled &c, py::args args) {
             return c.call(args.cast<std::vector<py::array>>());
           })
      .def("time", &PyCompiled::time, py::arg("inputs"), py::arg("runs"),
           "Seconds per call for `runs` calls after a warm-up call")
      .def_property_readonly("inputs",
                             [](const PyCompiled &c) {
                               return llvm::map_to_vector(c.function->inputs(),
                                                          specString);
                             })
      .def_property_readonly("outputs", [](const PyCompiled &c) {
        return llvm::map_to_vector(c.function->outputs(), specString);
      });

  py::class_<PyModule>(m, "Module")
      .def_static("parse", &PyModule::parse, py::arg("text"),
                  py::arg("weights") = py::dict(),
                  "Parses nn-dialect text; `weights` maps dense_resource "
                  "names to numpy arrays")
      .def("text", &PyModule::text, py::arg("elide_weights") = true)
      .def("__str__", [](const PyModule &m) { return m.text(true); })
      .def("count_ops", &PyModule::countOps)
      .def("fold_batchnorm", &PyModule::foldBatchNorm,
           "Returns (folded module, report dict)")
      .def("compile", &PyModule::compile, py::arg("function") = "forward",
           py::arg("threads") = 1, py::arg("perf_jitdump") = false,
           py::arg("codegen_threads") = 0,
           "Compiles `function` for this CPU; `perf_jitdump` writes its code "
           "where perf inject --jit finds it; `codegen_threads` threads "
           "generate machine code (0: one per core; see JitOptions)");

  m.def("compare_folded", &compareFoldedBinding, py::arg("unfolded"),
        py::arg("folded"), py::arg("inputs"), py::arg("function") = "forward",
        "Runs both modules and an f64 run of `unfolded` on `inputs`");
}
