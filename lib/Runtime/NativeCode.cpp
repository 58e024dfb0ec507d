#include "nn/Runtime/NativeCode.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/ExecutionEngine/JITEventListener.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/RTDyldObjectLinkingLayer.h"
#include "llvm/ExecutionEngine/SectionMemoryManager.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Support/SmallVectorMemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/Utils/SplitModule.h"

#include <mutex>
#include <thread>

using namespace mlir;
using namespace mlir::nn;

namespace {
std::string packedName(llvm::StringRef function) {
  return ("_nn_packed_" + function).str();
}

/// Adds `void _nn_packed_<function>(void **arguments)`, which calls
/// `function` with `*arguments[i]` as its i-th argument.
llvm::Error addPackedEntry(llvm::Module &module, llvm::StringRef name) {
  llvm::Function *function = module.getFunction(name);
  if (!function || function->isDeclaration())
    return llvm::createStringError("the module defines no function '%s'",
                                   name.str().c_str());
  if (!function->getReturnType()->isVoidTy())
    return llvm::createStringError("function '%s' returns a value",
                                   name.str().c_str());
  llvm::IRBuilder<> builder(module.getContext());
  auto *type = llvm::FunctionType::get(builder.getVoidTy(), builder.getPtrTy(),
                                       /*isVarArg=*/false);
  auto *entry = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                       packedName(name), module);
  builder.SetInsertPoint(
      llvm::BasicBlock::Create(module.getContext(), "entry", entry));
  llvm::SmallVector<llvm::Value *> arguments;
  for (llvm::Argument &argument : function->args()) {
    llvm::Value *slot = builder.CreateConstGEP1_64(
        builder.getPtrTy(), entry->getArg(0), argument.getArgNo());
    llvm::Value *address = builder.CreateLoad(builder.getPtrTy(), slot);
    arguments.push_back(builder.CreateLoad(argument.getType(), address));
  }
  builder.CreateCall(function, arguments);
  builder.CreateRetVoid();
  return llvm::Error::success();
}

/// Machine code for `module`, an object file in memory.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
generateObject(llvm::Module &module,
               llvm::orc::JITTargetMachineBuilder targetBuilder) {
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> target =
      targetBuilder.createTargetMachine();
  if (!target)
    return target.takeError();
  llvm::SmallVector<char, 0> object;
  llvm::raw_svector_ostream stream(object);
  llvm::legacy::PassManager passes;
  if ((*target)->addPassesToEmitFile(passes, stream, nullptr,
                                     llvm::CodeGenFileType::ObjectFile))
    return llvm::createStringError("the target cannot emit object files");
  passes.run(module);
  return std::make_unique<llvm::SmallVectorMemoryBuffer>(
      std::move(object), module.getModuleIdentifier(),
      /*RequiresNullTerminator=*/false);
}

/// Object files for `module`: one, or one per part of it on up to `threads`
/// threads, each part read from bitcode into an LLVM context of its own
/// (contexts may not be shared between threads).
llvm::Expected<std::vector<std::unique_ptr<llvm::MemoryBuffer>>>
generateObjects(llvm::Module &module,
                const llvm::orc::JITTargetMachineBuilder &targetBuilder,
                unsigned threads) {
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> objects;
  unsigned definitions = llvm::count_if(
      module, [](llvm::Function &f) { return !f.isDeclaration(); });
  unsigned parts = std::min(threads, definitions);
  if (parts < 2) {
    auto object = generateObject(module, targetBuilder);
    if (!object)
      return object.takeError();
    objects.push_back(std::move(*object));
    return objects;
  }
  // Locals that another part refers to become hidden externals.
  std::vector<llvm::SmallVector<char, 0>> bitcode;
  llvm::SplitModule(module, parts, [&](std::unique_ptr<llvm::Module> part) {
    llvm::raw_svector_ostream stream(bitcode.emplace_back());
    llvm::WriteBitcodeToFile(*part, stream);
  });
  objects.resize(bitcode.size());
  std::vector<std::string> errors(bitcode.size());
  auto generate = [&](size_t i) {
    llvm::LLVMContext context;
    auto part = llvm::parseBitcodeFile(
        llvm::MemoryBufferRef(
            llvm::StringRef(bitcode[i].data(), bitcode[i].size()), "part"),
        context);
    auto object =
        part ? generateObject(**part, targetBuilder) : part.takeError();
    if (object)
      objects[i] = std::move(*object);
    else
      errors[i] = llvm::toString(object.takeError());
  };
  std::vector<std::thread> helpers;
  for (size_t i = 1; i < bitcode.size(); ++i)
    helpers.emplace_back(generate, i);
  generate(0);
  for (std::thread &helper : helpers)
    helper.join();
  for (const std::string &error : errors)
    if (!error.empty())
      return llvm::createStringError(error);
  return objects;
}
} // namespace

llvm::Expected<std::unique_ptr<NativeCode>>
NativeCode::compile(ModuleOp module, llvm::StringRef function,
                    const Options &options) {
  static std::once_flag nativeTarget;
  std::call_once(nativeTarget, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
  llvm::Expected<llvm::orc::JITTargetMachineBuilder> targetBuilder =
      llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!targetBuilder)
    return targetBuilder.takeError();
  targetBuilder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  llvm::Expected<llvm::DataLayout> layout =
      targetBuilder->getDefaultDataLayoutForTarget();
  if (!layout)
    return layout.takeError();

  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context);
  if (!llvmModule)
    return llvm::createStringError("could not translate the module to LLVM IR");
  llvmModule->setDataLayout(*layout);
  llvmModule->setTargetTriple(targetBuilder->getTargetTriple());
  if (llvm::Error error = addPackedEntry(*llvmModule, function))
    return std::move(error);
  if (llvm::Error error = makeOptimizingTransformer(
          /*optLevel=*/3, /*sizeLevel=*/0, nullptr)(llvmModule.get()))
    return std::move(error);
  unsigned threads = options.codegenThreads
                         ? options.codegenThreads
                         : std::thread::hardware_concurrency();
  auto objects = generateObjects(*llvmModule, *targetBuilder, threads);
  if (!objects)
    return objects.takeError();

  // Both are process-wide listeners, owned by LLVM.
  llvm::JITEventListener *debugger =
      llvm::JITEventListener::createGDBRegistrationListener();
  llvm::JITEventListener *perf =
      options.perfJitDump ? llvm::JITEventListener::createPerfJITEventListener()
                          : nullptr;
  auto jit =
      llvm::orc::LLJITBuilder()
          .setJITTargetMachineBuilder(*targetBuilder)
          .setDataLayout(*layout)
          .setObjectLinkingLayerCreator(
              [&](llvm::orc::ExecutionSession &session) {
                auto linker =
                    std::make_unique<llvm::orc::RTDyldObjectLinkingLayer>(
                        session, [](const llvm::MemoryBuffer &) {
                          return std::make_unique<llvm::SectionMemoryManager>();
                        });
                linker->registerJITEventListener(*debugger);
                if (perf)
                  linker->registerJITEventListener(*perf);
                return linker;
              })
          .create();
  if (!jit)
    return jit.takeError();
  std::unique_ptr<NativeCode> code(new NativeCode());
  code->jit_ = std::move(*jit);
  llvm::orc::JITDylib &main = code->jit_->getMainJITDylib();
  char prefix = layout->getGlobalPrefix();
  for (llvm::StringRef library : options.sharedLibraries) {
    auto symbols = llvm::orc::DynamicLibrarySearchGenerator::Load(
        library.str().c_str(), prefix);
    if (!symbols)
      return symbols.takeError();
    main.addGenerator(std::move(*symbols));
  }
  auto process =
      llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(prefix);
  if (!process)
    return process.takeError();
  main.addGenerator(std::move(*process));
  for (std::unique_ptr<llvm::MemoryBuffer> &object : *objects)
    if (llvm::Error error = code->jit_->addObjectFile(std::move(object)))
      return std::move(error);
  return code;
}

NativeCode::~NativeCode() = default;

void NativeCode::define(
    llvm::function_ref<llvm::orc::SymbolMap(llvm::orc::MangleAndInterner)>
        symbols) {
  llvm::orc::JITDylib &main = jit_->getMainJITDylib();
  llvm::cantFail(main.define(
      llvm::orc::absoluteSymbols(symbols(llvm::orc::MangleAndInterner(
          main.getExecutionSession(), jit_->getDataLayout())))));
}

llvm::Expected<void *> NativeCode::lookup(llvm::StringRef symbol) {
  llvm::Expected<llvm::orc::ExecutorAddr> address = jit_->lookup(symbol);
  if (!address)
    return address.takeError();
  return address->toPtr<void *>();
}

llvm::Expected<NativeCode::PackedFunction>
NativeCode::lookupPacked(llvm::StringRef function) {
  llvm::Expected<void *> address = lookup(packedName(function));
  if (!address)
    return address.takeError();
  return reinterpret_cast<PackedFunction>(*address);
}
