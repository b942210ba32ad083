//===- data.h - data sets, transforms, samplers and loaders -----*- C++ -*-===//

#ifndef KILN_DATA_H
#define KILN_DATA_H

#include "kiln/data/DataLoader.h"
#include "kiln/data/Datasets.h"
#include "kiln/data/Example.h"
#include "kiln/data/MNIST.h"
#include "kiln/data/Samplers.h"
#include "kiln/data/Transforms.h"

#endif // KILN_DATA_H
