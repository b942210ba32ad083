//===- kiln.h - kiln's C++ API, all of it -----------------------*- C++ -*-===//

#ifndef KILN_KILN_H
#define KILN_KILN_H

#include "kiln/Device.h"
#include "kiln/data.h"
#include "kiln/Dtype.h"
#include "kiln/Error.h"
#include "kiln/Functions.h"
#include "kiln/nn.h"
#include "kiln/optim.h"
#include "kiln/Scalar.h"
#include "kiln/serialize.h"
#include "kiln/Tensor.h"
#include "kiln/TensorOptions.h"

#endif // KILN_KILN_H
