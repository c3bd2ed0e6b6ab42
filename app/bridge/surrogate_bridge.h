#pragma once
// The surrogate-gradient lesson's numbers from the engine (model/teaching/surrogate_lesson), as
// the view's snapshot; synchronous, a few tens of milliseconds; GUI thread or any.

#include "ui/teaching/surrogate_snapshot.h"

namespace csae {

/// Every surrogate's curves and its one-neuron training; a refused request gives the engine's message.
ui::SurrogateSnapshot compute_surrogate(const ui::SurrogateRequest& request);

} // namespace csae
