//===- Host.h - host copies for datasets and transforms ---------*- C++ -*-===//
//
// Data sets and transforms run on the loader's threads. They make their
// tensors with these functions: fresh, computed tensors in host memory,
// copied without compiling anything and without waiting for the training
// step the main thread may be computing. A batch is then an argument of the
// compiled step, never a slice that would change its graph.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DATA_HOST_H
#define KILN_DATA_HOST_H

#include "kiln/Tensor.h"
#include "kiln/data/Example.h"

#include <type_traits>
#include <vector>

namespace kiln::data::detail {

/// A computed copy of `tensor` in host memory, computing it first if needed.
Tensor hostCopy(const Tensor &tensor, const char *op, SourceLocation where);

/// Entry `index` of `tensor`'s first dimension, copied into a new tensor;
/// an index out of range is a kiln::Error for `op` at `where`.
Tensor copyRow(const Tensor &tensor, size_t index, const char *op,
               SourceLocation where);

/// `tensors` (of one shape and dtype) stacked along a new first dimension
/// into a new tensor, as kiln::stack; others are a kiln::Error for `op`.
Tensor stackOnHost(const std::vector<Tensor> &tensors, const char *op,
                   SourceLocation where);

/// Throws kiln::Error unless `mean` and `stddev` are non-empty, of one
/// length, and no standard deviation is zero.
void checkNormalization(const std::vector<double> &mean,
                        const std::vector<double> &stddev,
                        SourceLocation where);

/// (input - mean) / stddev with one value, or one per channel (the third
/// dimension from the end, as libtorch's Normalize broadcasts), into a new
/// tensor: floating point inputs keep their dtype, others become float32.
Tensor normalizeOnHost(const Tensor &input, const std::vector<double> &mean,
                       const std::vector<double> &stddev, SourceLocation where);

/// Computes the tensors of a batch that a transform left pending, on the
/// loader's thread: the main thread gets values, not more ops to compile.
/// Batches of types other than tensors, examples and vectors of them are
/// left as they are.
template <typename T> void computeBatch(T &) {}
/// Computes `tensor` unless it is undefined or computed already (which is
/// known without the runtime's lock).
void computeBatch(Tensor &tensor);
template <typename Data, typename Target>
void computeBatch(Example<Data, Target> &example);
template <typename T> void computeBatch(std::vector<T> &batch);

template <typename Data, typename Target>
void computeBatch(Example<Data, Target> &example) {
  computeBatch(example.data);
  if constexpr (!std::is_void_v<Target>)
    computeBatch(example.target);
}
template <typename T> void computeBatch(std::vector<T> &batch) {
  for (T &element : batch)
    computeBatch(element);
}

} // namespace kiln::data::detail

#endif // KILN_DATA_HOST_H
