//===- Device.h - where tensors live ----------------------------*- C++ -*-===//

#ifndef KILN_DEVICE_H
#define KILN_DEVICE_H

namespace kiln {

enum class DeviceType { CPU, CUDA };

inline constexpr DeviceType kCPU = DeviceType::CPU, kCUDA = DeviceType::CUDA;

/// A device and its index, as torch::Device.
struct Device {
  Device(DeviceType type = kCPU, int index = 0) : type(type), index(index) {}
  DeviceType type;
  int index;
  bool operator==(const Device &) const = default;
};

} // namespace kiln

#endif // KILN_DEVICE_H
