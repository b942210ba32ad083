//===- CudaDriver.h - the CUDA driver API, opened at run time ---*- C++ -*-===//
//
// kiln's own declarations of the few driver types, constants and functions
// it uses: it never includes cuda.h. The values are the driver ABI's.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_LIB_CUDADRIVER_H
#define KILN_RUNTIME_LIB_CUDADRIVER_H

#include "kiln/runtime/DeviceAllocator.h"

#include "llvm/Support/Error.h"

#include <cstddef>
#include <cstdint>

namespace kiln::runtime::cuda {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = uint64_t;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;
using CUlinkState = struct CUlinkState_st *;
using CUjit_option = int;
using CUjitInputType = int;

constexpr CUresult CUDA_SUCCESS = 0;
constexpr CUresult CUDA_ERROR_OUT_OF_MEMORY = 2;

// CUdevice_attribute values.
constexpr int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

// CUjit_option values.
constexpr CUjit_option CU_JIT_ERROR_LOG_BUFFER = 5;
constexpr CUjit_option CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;
constexpr CUjit_option CU_JIT_OPTIMIZATION_LEVEL = 7;

// CUjitInputType values.
constexpr CUjitInputType CU_JIT_INPUT_PTX = 1;

/// The driver functions kiln calls, under their exported names.
struct DriverApi {
  CUresult (*cuInit)(unsigned flags);
  CUresult (*cuDriverGetVersion)(int *version);
  CUresult (*cuDeviceGetCount)(int *count);
  CUresult (*cuDeviceGet)(CUdevice *device, int ordinal);
  CUresult (*cuDeviceGetName)(char *name, int length, CUdevice device);
  CUresult (*cuDeviceGetAttribute)(int *value, int attribute, CUdevice device);
  CUresult (*cuDeviceTotalMem_v2)(size_t *bytes, CUdevice device);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *context, CUdevice device);
  CUresult (*cuCtxSetCurrent)(CUcontext context);
  CUresult (*cuMemAlloc_v2)(CUdeviceptr *ptr, size_t bytes);
  CUresult (*cuMemFree_v2)(CUdeviceptr ptr);
  CUresult (*cuMemGetInfo_v2)(size_t *freeBytes, size_t *totalBytes);
  CUresult (*cuMemcpyHtoD_v2)(CUdeviceptr dst, const void *src, size_t bytes);
  CUresult (*cuMemcpyDtoH_v2)(void *dst, CUdeviceptr src, size_t bytes);
  CUresult (*cuMemcpyAsync)(CUdeviceptr dst, CUdeviceptr src, size_t bytes,
                            CUstream stream);
  CUresult (*cuMemsetD8Async)(CUdeviceptr dst, unsigned char value,
                              size_t count, CUstream stream);
  CUresult (*cuMemsetD32Async)(CUdeviceptr dst, unsigned value, size_t count,
                               CUstream stream);
  CUresult (*cuStreamCreate)(CUstream *stream, unsigned flags);
  CUresult (*cuStreamSynchronize)(CUstream stream);
  CUresult (*cuModuleLoadData)(CUmodule *module, const void *image);
  CUresult (*cuModuleGetFunction)(CUfunction *function, CUmodule module,
                                  const char *name);
  CUresult (*cuLaunchKernel)(CUfunction function, unsigned gridX,
                             unsigned gridY, unsigned gridZ, unsigned blockX,
                             unsigned blockY, unsigned blockZ,
                             unsigned sharedBytes, CUstream stream,
                             void **params, void **extra);
  CUresult (*cuLinkCreate_v2)(unsigned optionCount, CUjit_option *options,
                              void **optionValues, CUlinkState *state);
  CUresult (*cuLinkAddData_v2)(CUlinkState state, CUjitInputType type,
                               void *data, size_t size, const char *name,
                               unsigned optionCount, CUjit_option *options,
                               void **optionValues);
  CUresult (*cuLinkComplete)(CUlinkState state, void **cubin, size_t *size);
  CUresult (*cuLinkDestroy)(CUlinkState state);
  CUresult (*cuGetErrorName)(CUresult result, const char **name);
  CUresult (*cuGetErrorString)(CUresult result, const char **text);
};

/// The driver's functions. Only valid once device() has succeeded.
const DriverApi &driver();

/// kiln's one stream, created with device 0's primary context. Only valid
/// once device() has succeeded.
CUstream kilnStream();

/// kiln's caching allocator. Only valid once device() has succeeded.
DeviceAllocator &deviceAllocator();

/// An error with `message`.
inline llvm::Error failure(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Success for CUDA_SUCCESS, else an error naming `function` and the
/// driver's name and description of `result`.
llvm::Error check(CUresult result, const char *function);

} // namespace kiln::runtime::cuda

#endif // KILN_RUNTIME_LIB_CUDADRIVER_H
