//===- Tensor.h - kiln::Tensor, a lazily computed tensor --------*- C++ -*-===//
//
// Operations on tensors do not compute: they record lazy nodes, checking
// shapes and dtypes at the caller's line. Reading a value (item, data_ptr,
// printing, kiln::sync) compiles what was recorded, or finds it in the cache,
// and runs it.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_TENSOR_H
#define KILN_TENSOR_H

#include "kiln/Device.h"
#include "kiln/Dtype.h"
#include "kiln/Scalar.h"
#include "kiln/TensorOptions.h"

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <initializer_list>
#include <optional>
#include <source_location>
#include <tuple>
#include <vector>

namespace kiln {

namespace detail {
struct TensorImpl;
} // namespace detail

using SourceLocation = std::source_location;
#define KILN_HERE SourceLocation where = SourceLocation::current()

using IntArrayRef = std::vector<int64_t>;

/// A slice for Tensor::index, as torch::indexing::Slice: [start, stop) with
/// `step`; missing bounds mean the whole dimension.
struct Slice {
  Slice(std::optional<int64_t> start = std::nullopt,
        std::optional<int64_t> stop = std::nullopt, int64_t step = 1)
      : start(start), stop(stop), step(step) {}
  std::optional<int64_t> start, stop;
  int64_t step;
};

/// `None` (a new dimension of size 1) and `Ellipsis` (all remaining
/// dimensions) for Tensor::index, as torch::indexing's.
enum class IndexMarker { None, Ellipsis };
inline constexpr IndexMarker None = IndexMarker::None;
inline constexpr IndexMarker Ellipsis = IndexMarker::Ellipsis;

/// One entry of Tensor::index: an integer, a Slice, None or Ellipsis.
class TensorIndex {
public:
  enum class Kind { Integer, Range, NewAxis, Rest };

  TensorIndex(int64_t index) : integerValue(index), indexKind(Kind::Integer) {}
  TensorIndex(int index) : TensorIndex(static_cast<int64_t>(index)) {}
  TensorIndex(Slice slice) : sliceValue(slice), indexKind(Kind::Range) {}
  TensorIndex(IndexMarker marker)
      : indexKind(marker == IndexMarker::None ? Kind::NewAxis : Kind::Rest) {}

  Kind kind() const { return indexKind; }
  int64_t integer() const { return integerValue; }
  const Slice &slice() const { return sliceValue; }

private:
  int64_t integerValue = 0;
  Slice sliceValue;
  Kind indexKind;
};

class Tensor {
public:
  /// An undefined tensor (`defined()` is false), as `torch::Tensor()`.
  Tensor() = default;
  explicit Tensor(std::shared_ptr<detail::TensorImpl> impl);

  bool defined() const { return impl != nullptr; }
  std::vector<int64_t> sizes(KILN_HERE) const;
  int64_t size(int64_t dim, KILN_HERE) const;
  int64_t dim(KILN_HERE) const;
  int64_t numel(KILN_HERE) const;
  Dtype dtype(KILN_HERE) const;
  Device device(KILN_HERE) const;
  TensorOptions options(KILN_HERE) const;

  /// The value of a one-element tensor, computing it if needed.
  template <typename T> T item(KILN_HERE) const {
    return static_cast<T>(itemAsDouble(where));
  }
  /// The memory holding the computed value, row-major (contiguous): host
  /// memory for a CPU tensor, device memory for a CUDA one, as in libtorch.
  template <typename T> T *data_ptr(KILN_HERE) const {
    return static_cast<T *>(rawData(where));
  }
  /// The values converted to T, row-major.
  template <typename T> std::vector<T> to_vector(KILN_HERE) const {
    std::vector<double> values = valuesAsDouble(where);
    return std::vector<T>(values.begin(), values.end());
  }

  // Indexing and slicing (views).
  /// As libtorch's index: x.index({0, Slice(1), None, Ellipsis}).
  Tensor index(std::initializer_list<TensorIndex> indices, KILN_HERE) const;
  Tensor operator[](int64_t index) const;
  Tensor select(int64_t dim, int64_t index, KILN_HERE) const;
  Tensor narrow(int64_t dim, int64_t start, int64_t length, KILN_HERE) const;
  Tensor slice(int64_t dim = 0, std::optional<int64_t> start = std::nullopt,
               std::optional<int64_t> end = std::nullopt, int64_t step = 1,
               KILN_HERE) const;

  /// torch.gather: out[i][j] = self[index[i][j]][j] (dim 0). Indices out of
  /// range raise kiln::Error when the value is computed.
  Tensor gather(int64_t dim, const Tensor &index, KILN_HERE) const;
  /// The entries of 1-D `index` along `dim`.
  Tensor index_select(int64_t dim, const Tensor &index, KILN_HERE) const;
  /// torch.scatter_add (out of place): adds `source` at `index` along `dim`.
  Tensor scatter_add(int64_t dim, const Tensor &index, const Tensor &source,
                     KILN_HERE) const;

  // Reductions.
  Tensor sum(KILN_HERE) const;
  Tensor sum(int64_t dim, bool keepdim = false, KILN_HERE) const;
  Tensor mean(KILN_HERE) const;
  Tensor mean(int64_t dim, bool keepdim = false, KILN_HERE) const;
  /// Sum and mean over several dimensions (all of them when `dims` is
  /// empty, as PyTorch).
  Tensor sum(IntArrayRef dims, bool keepdim = false, KILN_HERE) const;
  Tensor mean(IntArrayRef dims, bool keepdim = false, KILN_HERE) const;
  /// The variance over `dims` (all when empty), with Bessel's correction
  /// (divisor n - 1) when `unbiased`.
  Tensor var(IntArrayRef dims, bool unbiased = true, bool keepdim = false,
             KILN_HERE) const;
  Tensor var(int64_t dim, bool unbiased = true, bool keepdim = false,
             KILN_HERE) const;
  Tensor max(KILN_HERE) const;
  /// Values and (int64) indices of the maxima along `dim`, as libtorch.
  std::tuple<Tensor, Tensor> max(int64_t dim, bool keepdim = false,
                                 KILN_HERE) const;
  Tensor min(KILN_HERE) const;
  std::tuple<Tensor, Tensor> min(int64_t dim, bool keepdim = false,
                                 KILN_HERE) const;
  Tensor argmax(int64_t dim, bool keepdim = false, KILN_HERE) const;

  // Linear algebra.
  Tensor matmul(const Tensor &other, KILN_HERE) const;
  Tensor mm(const Tensor &other, KILN_HERE) const;
  Tensor bmm(const Tensor &other, KILN_HERE) const;

  // Views: in-place writes through them reach this tensor, and they see its
  // later writes, as in PyTorch. Writing through a strided slice or an
  // expanded tensor is an error.
  Tensor reshape(IntArrayRef shape, KILN_HERE) const;
  Tensor view(IntArrayRef shape, KILN_HERE) const;
  Tensor flatten(int64_t start = 0, int64_t end = -1, KILN_HERE) const;
  Tensor squeeze(KILN_HERE) const;
  Tensor squeeze(int64_t dim, KILN_HERE) const;
  Tensor unsqueeze(int64_t dim, KILN_HERE) const;
  Tensor permute(IntArrayRef dims, KILN_HERE) const;
  Tensor transpose(int64_t dim0, int64_t dim1, KILN_HERE) const;
  Tensor t(KILN_HERE) const;
  Tensor expand(IntArrayRef sizes, KILN_HERE) const;
  Tensor contiguous() const { return *this; }

  // Math.
  Tensor exp(KILN_HERE) const;
  Tensor log(KILN_HERE) const;
  Tensor sqrt(KILN_HERE) const;
  Tensor rsqrt(KILN_HERE) const;
  Tensor abs(KILN_HERE) const;
  Tensor neg(KILN_HERE) const;
  Tensor sin(KILN_HERE) const;
  Tensor cos(KILN_HERE) const;
  Tensor reciprocal(KILN_HERE) const;
  Tensor erf(KILN_HERE) const;
  Tensor pow(const Tensor &exponent, KILN_HERE) const;
  Tensor pow(Scalar exponent, KILN_HERE) const;
  Tensor clamp(std::optional<Scalar> min, std::optional<Scalar> max = {},
               KILN_HERE) const;
  Tensor relu(KILN_HERE) const;
  Tensor sigmoid(KILN_HERE) const;
  Tensor tanh(KILN_HERE) const;
  Tensor gelu(KILN_HERE) const;
  Tensor silu(KILN_HERE) const;
  Tensor softmax(int64_t dim, KILN_HERE) const;
  Tensor log_softmax(int64_t dim, KILN_HERE) const;

  /// Elements of this tensor where `condition` holds, else of `other`.
  Tensor where(const Tensor &condition, const Tensor &other, KILN_HERE) const;
  Tensor where(const Tensor &condition, Scalar other, KILN_HERE) const;

  // Comparisons (bool results) with a tensor or a number; a number is a
  // constant of the graph, so it suits tensors on any device.
  Tensor eq(const Tensor &other, KILN_HERE) const;
  Tensor ne(const Tensor &other, KILN_HERE) const;
  Tensor lt(const Tensor &other, KILN_HERE) const;
  Tensor le(const Tensor &other, KILN_HERE) const;
  Tensor gt(const Tensor &other, KILN_HERE) const;
  Tensor ge(const Tensor &other, KILN_HERE) const;
  Tensor eq(Scalar other, KILN_HERE) const;
  Tensor ne(Scalar other, KILN_HERE) const;
  Tensor lt(Scalar other, KILN_HERE) const;
  Tensor le(Scalar other, KILN_HERE) const;
  Tensor gt(Scalar other, KILN_HERE) const;
  Tensor ge(Scalar other, KILN_HERE) const;

  // Conversion.
  Tensor to(Dtype dtype, KILN_HERE) const;
  /// Moves to `device`. Only the CPU exists so far: asking for CUDA raises
  /// kiln::Error.
  Tensor to(Device device, KILN_HERE) const;
  Tensor clone(KILN_HERE) const;
  Tensor detach(KILN_HERE) const;

  // Autograd. Gradients are derived by the kiln-autodiff compiler pass when
  // the graph holding them is compiled; backward() only records them.
  /// Asks for gradients of this (floating point, leaf) tensor.
  Tensor &requires_grad_(bool requiresGrad = true, KILN_HERE);
  bool requires_grad() const;
  /// Whether gradients would accumulate in this tensor's grad().
  bool is_leaf() const;
  /// The accumulated gradient; undefined until a backward() reaches it.
  Tensor grad() const;
  /// The gradient slot, to reset it (`x.mutable_grad() = kiln::Tensor()`).
  Tensor &mutable_grad();
  /// Accumulates d(this)/d(leaf) * gradient into every leaf's grad().
  /// `gradient` may be omitted for one-element tensors. The history is
  /// kept, so a second backward() works; `retain_graph` is accepted for
  /// compatibility. With `create_graph` the gradients can be differentiated
  /// again.
  void backward(const Tensor &gradient = {},
                std::optional<bool> retain_graph = std::nullopt,
                bool create_graph = false, KILN_HERE) const;

  // In place: the tensor's value becomes the result (computed lazily).
  Tensor &add_(const Tensor &other, Scalar alpha = 1, KILN_HERE);
  Tensor &sub_(const Tensor &other, Scalar alpha = 1, KILN_HERE);
  Tensor &mul_(const Tensor &other, KILN_HERE);
  Tensor &div_(const Tensor &other, KILN_HERE);
  Tensor &add_(Scalar other, KILN_HERE);
  Tensor &mul_(Scalar other, KILN_HERE);
  Tensor &zero_(KILN_HERE);
  Tensor &fill_(Scalar value, KILN_HERE);
  Tensor &copy_(const Tensor &source, KILN_HERE);

  /// The implementation; for kiln's own code.
  const std::shared_ptr<detail::TensorImpl> &unsafeImpl() const {
    return impl;
  }

private:
  double itemAsDouble(SourceLocation where) const;
  void *rawData(SourceLocation where) const;
  std::vector<double> valuesAsDouble(SourceLocation where) const;
  const std::shared_ptr<detail::TensorImpl> &checked(SourceLocation where) const;

  std::shared_ptr<detail::TensorImpl> impl;
};

// Operators: binary ops broadcast (numpy rules) and promote types (PyTorch
// rules). Their call site is the enclosing kiln::CallSite, if any.
Tensor operator+(const Tensor &a, const Tensor &b);
Tensor operator-(const Tensor &a, const Tensor &b);
Tensor operator*(const Tensor &a, const Tensor &b);
Tensor operator/(const Tensor &a, const Tensor &b);
Tensor operator+(const Tensor &a, Scalar b);
Tensor operator-(const Tensor &a, Scalar b);
Tensor operator*(const Tensor &a, Scalar b);
Tensor operator/(const Tensor &a, Scalar b);
Tensor operator+(Scalar a, const Tensor &b);
Tensor operator-(Scalar a, const Tensor &b);
Tensor operator*(Scalar a, const Tensor &b);
Tensor operator/(Scalar a, const Tensor &b);
Tensor operator-(const Tensor &a);
Tensor operator==(const Tensor &a, const Tensor &b);
Tensor operator!=(const Tensor &a, const Tensor &b);
Tensor operator<(const Tensor &a, const Tensor &b);
Tensor operator<=(const Tensor &a, const Tensor &b);
Tensor operator>(const Tensor &a, const Tensor &b);
Tensor operator>=(const Tensor &a, const Tensor &b);
Tensor operator==(const Tensor &a, Scalar b);
Tensor operator!=(const Tensor &a, Scalar b);
Tensor operator<(const Tensor &a, Scalar b);
Tensor operator<=(const Tensor &a, Scalar b);
Tensor operator>(const Tensor &a, Scalar b);
Tensor operator>=(const Tensor &a, Scalar b);
Tensor &operator+=(Tensor &a, const Tensor &b);
Tensor &operator-=(Tensor &a, const Tensor &b);
Tensor &operator*=(Tensor &a, const Tensor &b);
Tensor &operator/=(Tensor &a, const Tensor &b);

/// Prints as PyTorch does, computing the value if needed.
std::ostream &operator<<(std::ostream &os, const Tensor &tensor);

/// While alive, ops on this thread record no gradient history, as
/// torch::NoGradGuard (optimizer updates run under one).
class NoGradGuard {
public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard &) = delete;
  NoGradGuard &operator=(const NoGradGuard &) = delete;
};

/// Names the user's call site for the operators and other unnamed calls made
/// while it lives (modules' forward() open one).
class CallSite {
public:
  explicit CallSite(SourceLocation where = SourceLocation::current());
  ~CallSite();
  CallSite(const CallSite &) = delete;
  CallSite &operator=(const CallSite &) = delete;

private:
  std::optional<SourceLocation> previous;
};

} // namespace kiln

#endif // KILN_TENSOR_H
