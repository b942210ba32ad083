//===- Optim.cpp - optimizers ---------------------------------------------===//

#include "Trace.h"

#include "kiln/Functions.h"
#include "kiln/optim.h"

namespace kiln::optim {

SGD::SGD(std::vector<Tensor> parameters, SGDOptions options)
    : params(std::move(parameters)), velocity(params.size()),
      settings(options) {}

void SGD::zero_grad() {
  for (Tensor &p : params)
    p.mutable_grad() = Tensor();
}

void SGD::step(SourceLocation where) {
  where = detail::callSite(where);
  {
    NoGradGuard noGrad;
    for (size_t i = 0; i < params.size(); ++i) {
      Tensor gradient = params[i].grad();
      if (!gradient.defined())
        continue;
      if (settings.weight_decay() != 0)
        gradient = add(gradient, params[i] * settings.weight_decay(), where);
      if (settings.momentum() != 0) {
        Tensor &buffer = velocity[i];
        buffer = buffer.defined()
                     ? add(buffer * settings.momentum(),
                           gradient * (1 - settings.dampening()), where)
                     : gradient;
        gradient = settings.nesterov()
                       ? add(gradient, buffer * settings.momentum(), where)
                       : buffer;
      }
      params[i].sub_(gradient, settings.lr(), where);
    }
  }
  // The end of a training step: compute it, as one program.
  sync(where);
}

} // namespace kiln::optim
