//===- RMSprop.cpp - the RMSprop optimizer --------------------------------===//

#include "OptimizerSupport.h"
#include "Trace.h"

#include "kiln/Functions.h"
#include "kiln/optim.h"

namespace kiln::optim {

RMSprop::RMSprop(std::vector<Tensor> parameters, RMSpropOptions options)
    : params(std::move(parameters)), squareAverage(params.size()),
      gradientAverage(params.size()), velocity(params.size()),
      settings(options), steps(params.size()) {}

void RMSprop::zero_grad() { detail::clearGradients(params); }

void RMSprop::step(SourceLocation where) {
  where = detail::callSite(where);
  double alpha = settings.alpha(), momentum = settings.momentum();
  {
    NoGradGuard noGrad;
    for (size_t i = 0; i < params.size(); ++i) {
      Tensor gradient = params[i].grad();
      if (!gradient.defined())
        continue;
      ++steps[i];
      if (settings.weight_decay() != 0)
        gradient = add(gradient, params[i] * settings.weight_decay(), where);
      // The averages and the buffer start at zero, as PyTorch's: their
      // first values are the new terms alone.
      Tensor &square = squareAverage[i];
      Tensor squared = gradient * gradient * (1 - alpha);
      square = square.defined() ? add(square * alpha, squared, where) : squared;
      Tensor variance = square;
      if (settings.centered()) {
        Tensor &mean = gradientAverage[i];
        Tensor term = gradient * (1 - alpha);
        mean = mean.defined() ? add(mean * alpha, term, where) : term;
        variance = sub(square, mean * mean, where);
      }
      Tensor scaled =
          div(gradient, variance.sqrt(where) + settings.eps(), where);
      if (momentum != 0) {
        Tensor &buffer = velocity[i];
        buffer =
            buffer.defined() ? add(buffer * momentum, scaled, where) : scaled;
        scaled = buffer;
      }
      params[i].sub_(scaled, settings.lr(), where);
    }
  }
  // The end of a training step: compute it, as one program.
  sync(where);
}

StateDict RMSprop::state_dict() const {
  detail::StateWriter state;
  for (size_t i = 0; i < params.size(); ++i)
    state.step(i, steps[i])
        .buffer(i, "square_avg", squareAverage[i])
        .buffer(i, "momentum_buffer", velocity[i])
        .buffer(i, "grad_avg", gradientAverage[i]);
  return state.hyper("lr", settings.lr())
      .hyper("alpha", settings.alpha())
      .hyper("eps", settings.eps())
      .hyper("weight_decay", settings.weight_decay())
      .hyper("momentum", settings.momentum())
      .flag("centered", settings.centered())
      .take();
}

void RMSprop::load_state_dict(const StateDict &state, SourceLocation where) {
  detail::StateReader reader(state, params, "kiln.optim.RMSprop",
                             detail::callSite(where));
  RMSpropOptions loaded = RMSpropOptions(reader.hyper("lr"))
                              .alpha(reader.hyper("alpha"))
                              .eps(reader.hyper("eps"))
                              .weight_decay(reader.hyper("weight_decay"))
                              .momentum(reader.hyper("momentum"))
                              .centered(reader.flag("centered"));
  std::vector<Tensor> squares(params.size()), means(params.size()),
      buffers(params.size());
  std::vector<int64_t> counts(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    counts[i] = reader.step(i);
    squares[i] = reader.buffer(i, "square_avg");
    // The other buffers exist only with the options that use them.
    if (loaded.momentum() != 0)
      buffers[i] = reader.buffer(i, "momentum_buffer");
    if (loaded.centered())
      means[i] = reader.buffer(i, "grad_avg");
  }
  reader.finish();
  settings = loaded;
  squareAverage = std::move(squares);
  gradientAverage = std::move(means);
  velocity = std::move(buffers);
  steps = std::move(counts);
}

} // namespace kiln::optim
