//===- Optim.cpp - SGD, Adam and AdamW ------------------------------------===//

#include "OptimizerSupport.h"
#include "Trace.h"

#include "kiln/Functions.h"
#include "kiln/optim.h"

#include <cmath>

namespace kiln::optim {

SGD::SGD(std::vector<Tensor> parameters, SGDOptions options)
    : params(std::move(parameters)), velocity(params.size()),
      settings(options) {}

void SGD::zero_grad() { detail::clearGradients(params); }

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
        // Without dampening, a buffer starting at zeros makes the first step
        // PyTorch's (buffer = gradient) with the later steps' program, so a
        // training loop compiles once.
        if (!buffer.defined() && settings.dampening() == 0)
          buffer = zeros(gradient.sizes(where), gradient.options(), where);
        // Scaling by 1 - 0 would trace two ops that change nothing.
        Tensor damped = settings.dampening() == 0
                            ? gradient
                            : gradient * (1 - settings.dampening());
        buffer = buffer.defined()
                     ? add(buffer * settings.momentum(), damped, where)
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

StateDict SGD::state_dict() const {
  detail::StateWriter state;
  for (size_t i = 0; i < params.size(); ++i)
    state.buffer(i, "momentum_buffer", velocity[i]);
  return state.hyper("lr", settings.lr())
      .hyper("momentum", settings.momentum())
      .hyper("dampening", settings.dampening())
      .hyper("weight_decay", settings.weight_decay())
      .flag("nesterov", settings.nesterov())
      .take();
}

void SGD::load_state_dict(const StateDict &state, SourceLocation where) {
  detail::StateReader reader(state, params, "kiln.optim.SGD",
                             detail::callSite(where));
  SGDOptions loaded = SGDOptions(reader.hyper("lr"))
                          .momentum(reader.hyper("momentum"))
                          .dampening(reader.hyper("dampening"))
                          .weight_decay(reader.hyper("weight_decay"))
                          .nesterov(reader.flag("nesterov"));
  std::vector<Tensor> buffers(params.size());
  for (size_t i = 0; i < params.size(); ++i)
    buffers[i] = reader.buffer(i, "momentum_buffer");
  reader.finish();
  settings = loaded;
  velocity = std::move(buffers);
}

Adam::Adam(std::vector<Tensor> parameters, AdamOptions options,
           bool decoupled)
    : params(std::move(parameters)), firstMoment(params.size()),
      secondMoment(params.size()), settings(options), decoupledDecay(decoupled),
      steps(params.size()) {}

void Adam::zero_grad() { detail::clearGradients(params); }

void Adam::step(SourceLocation where) {
  where = detail::callSite(where);
  auto [beta1, beta2] = settings.betas();
  {
    NoGradGuard noGrad;
    for (size_t i = 0; i < params.size(); ++i) {
      Tensor gradient = params[i].grad();
      if (!gradient.defined())
        continue;
      double count = static_cast<double>(++steps[i]);
      double correction1 = 1 - std::pow(beta1, count);
      double correction2 = 1 - std::pow(beta2, count);
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

StateDict Adam::state_dict() const {
  detail::StateWriter state;
  for (size_t i = 0; i < params.size(); ++i)
    state.step(i, steps[i])
        .buffer(i, "exp_avg", firstMoment[i])
        .buffer(i, "exp_avg_sq", secondMoment[i]);
  auto [beta1, beta2] = settings.betas();
  return state.hyper("lr", settings.lr())
      .hyper("betas", {beta1, beta2})
      .hyper("eps", settings.eps())
      .hyper("weight_decay", settings.weight_decay())
      .take();
}

void Adam::load_state_dict(const StateDict &state, SourceLocation where) {
  detail::StateReader reader(
      state, params, decoupledDecay ? "kiln.optim.AdamW" : "kiln.optim.Adam",
      detail::callSite(where));
  std::vector<double> betas = reader.hyper("betas", 2);
  AdamOptions loaded = AdamOptions(reader.hyper("lr"))
                           .betas({betas[0], betas[1]})
                           .eps(reader.hyper("eps"))
                           .weight_decay(reader.hyper("weight_decay"));
  std::vector<Tensor> first(params.size()), second(params.size());
  std::vector<int64_t> counts(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    counts[i] = reader.step(i);
    first[i] = reader.buffer(i, "exp_avg");
    second[i] = reader.buffer(i, "exp_avg_sq");
  }
  reader.finish();
  settings = loaded;
  firstMoment = std::move(first);
  secondMoment = std::move(second);
  steps = std::move(counts);
}

} // namespace kiln::optim
