#include "nn/Runtime/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir::nn;
using llvm::StringRef;

namespace {
constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

llvm::Error npyError(StringRef path, const llvm::Twine &what) {
  return llvm::createStringError("%s: %s", path.str().c_str(),
                                 what.str().c_str());
}

/// The text after `'key':` in a header dict, trimmed.
std::optional<StringRef> headerValue(StringRef header, StringRef key) {
  size_t at = header.find(("'" + key + "'").str());
  if (at == StringRef::npos)
    return std::nullopt;
  StringRef rest = header.drop_front(at + key.size() + 2).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  return rest.ltrim();
}

llvm::Expected<DType> parseDescr(StringRef path, StringRef header) {
  std::optional<StringRef> value = headerValue(header, "descr");
  if (!value || value->size() < 5 || value->front() != '\'')
    return npyError(path, "header has no readable 'descr'");
  StringRef descr = value->drop_front().take_until([](char c) { return c == '\''; });
  for (DType dtype : {DType::F16, DType::F32, DType::F64})
    if (descr == dtypeNumpyName(dtype))
      return dtype;
  return npyError(path, "dtype '" + descr +
                            "' is not supported (expected little-endian "
                            "float16, float32 or float64: <f2, <f4, <f8)");
}

llvm::Expected<std::vector<int64_t>> parseShape(StringRef path,
                                                StringRef header) {
  std::optional<StringRef> value = headerValue(header, "shape");
  if (!value || !value->starts_with("("))
    return npyError(path, "header has no readable 'shape'");
  StringRef dims = value->drop_front().take_until([](char c) { return c == ')'; });
  std::vector<int64_t> shape;
  int64_t elements = 1;
  for (StringRef piece : llvm::split(dims, ',')) {
    piece = piece.trim();
    if (piece.empty())
      continue;
    int64_t dim;
    if (piece.getAsInteger(10, dim) || dim < 0)
      return npyError(path, "shape entry '" + piece + "' is not a size");
    if (dim != 0 && elements > (int64_t(1) << 40) / dim)
      return npyError(path, "shape is too large");
    elements *= dim;
    shape.push_back(dim);
  }
  return shape;
}
} // namespace

llvm::Expected<HostTensor> mlir::nn::readNpy(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer)
    return npyError(path, "cannot read: " + buffer.getError().message());
  StringRef bytes = (*buffer)->getBuffer();
  if (bytes.size() < kMagicSize + 4 || !bytes.starts_with(StringRef(kMagic, kMagicSize)))
    return npyError(path, "not a .npy file (bad magic)");
  unsigned major = static_cast<unsigned char>(bytes[kMagicSize]);
  size_t headerStart, headerSize;
  if (major == 1) {
    headerStart = kMagicSize + 4;
    headerSize = static_cast<unsigned char>(bytes[8]) |
                 (static_cast<unsigned char>(bytes[9]) << 8);
  } else if (major == 2 || major == 3) {
    if (bytes.size() < kMagicSize + 6)
      return npyError(path, "truncated header");
    headerStart = kMagicSize + 6;
    headerSize = 0;
    for (int i = 3; i >= 0; --i)
      headerSize = (headerSize << 8) |
                   static_cast<unsigned char>(bytes[kMagicSize + 2 + i]);
  } else {
    return npyError(path, "unsupported .npy format version " +
                              llvm::Twine(major));
  }
  if (headerStart + headerSize > bytes.size())
    return npyError(path, "truncated header");
  StringRef header = bytes.substr(headerStart, headerSize);
  std::optional<StringRef> fortran = headerValue(header, "fortran_order");
  if (!fortran || !fortran->starts_with("False"))
    return npyError(path, "only C-order arrays are supported "
                          "(fortran_order must be False)");
  llvm::Expected<DType> dtype = parseDescr(path, header);
  if (!dtype)
    return dtype.takeError();
  llvm::Expected<std::vector<int64_t>> shape = parseShape(path, header);
  if (!shape)
    return shape.takeError();

  HostTensor tensor(*dtype, std::move(*shape));
  StringRef payload = bytes.drop_front(headerStart + headerSize);
  if (payload.size() != tensor.numBytes())
    return npyError(path, "holds " + llvm::Twine(payload.size()) +
                              " data bytes but its header describes " +
                              llvm::Twine(tensor.numBytes()));
  std::memcpy(tensor.data(), payload.data(), payload.size());
  return tensor;
}

llvm::Error mlir::nn::writeNpy(StringRef path, const HostTensor &tensor) {
  std::string header = "{'descr': '" + dtypeNumpyName(tensor.dtype()).str() +
                       "', 'fortran_order': False, 'shape': (";
  header += llvm::join(llvm::map_range(tensor.shape(),
                                      [](int64_t d) { return std::to_string(d); }),
                      ", ");
  if (tensor.shape().size() == 1)
    header += ","; // a 1-tuple is "(5,)"
  header += "), }";
  // Data starts at a multiple of 64 bytes; the header ends with '\n'.
  size_t unpadded = kMagicSize + 4 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';

  std::error_code error;
  llvm::raw_fd_ostream out(path, error, llvm::sys::fs::OF_None);
  if (error)
    return npyError(path, "cannot write: " + error.message());
  out.write(kMagic, kMagicSize);
  out << char(1) << char(0) << char(header.size() & 0xff)
      << char(header.size() >> 8) << header;
  out.write(tensor.data(), tensor.numBytes());
  return llvm::Error::success();
}
