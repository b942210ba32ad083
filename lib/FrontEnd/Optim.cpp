//===- Optim.cpp - optimizers ---------------------------------------------===//

#include "Trace.h"

#include "kiln/Functions.h"
#include "kiln/optim.h"

#include <cmath>

namespace kiln::optim {

SGD::SGD(std::vector<Tensor> parameters, SGDOptions options)
    : params(std::move(parameters)), velocity(params.size()),
      settings(options) {}

namespace {
/// Gradients to undefined, as PyTorch's zero_grad(set_to_none=True).
void clearGradients(std::vector<Tensor> &params) {
  for (Tensor &p : params)
    p.mutable_grad() = Tensor();
}
} // namespace

void SGD::zero_grad() { clearGradients(params); }

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

Adam::Adam(std::vector<Tensor> parameters, AdamOptions options,
           bool decoupled)
    : params(std::move(parameters)), firstMoment(params.size()),
      secondMoment(params.size()), settings(options),
      decoupledDecay(decoupled) {}

void Adam::zero_grad() { clearGradients(params); }

void Adam::step(SourceLocation where) {
  where = detail::callSite(where);
  ++steps;
  auto [beta1, beta2] = settings.betas();
  double correction1 = 1 - std::pow(beta1, static_cast<double>(steps));
  double correction2 = 1 - std::pow(beta2, static_cast<double>(steps));
  {
    NoGradGuard noGrad;
    for (size_t i = 0; i < params.size(); ++i) {
      Tensor gradient = params[i].grad();
      if (!gradient.defined())
        continue;
      if (settings.weight_decay() != 0) {
        if (decoupledDecay)
          params[i].mul_(1 - settings.lr() * settings.weight_decay(), where);
        else
          gradient = add(gradient, params[i] * settings.weight_decay(), where);
      }
      Tensor &m = firstMoment[i], &v = secondMoment[i];
      // First step: the moments start at zero.
      m = m.defined() ? add(m * beta1, gradient * (1 - beta1), where)
                      : gradient * (1 - beta1);
      Tensor squared = gradient * gradient;
      v = v.defined() ? add(v * beta2, squared * (1 - beta2), where)
                      : squared * (1 - beta2);
      Tensor denominator = (v / correction2).sqrt(where) + settings.eps();
      params[i].sub_(div(m, denominator, where), settings.lr() / correction1,
                     where);
    }
  }
  sync(where);
}

} // namespace kiln::optim
