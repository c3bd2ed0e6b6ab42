#pragma once
// The LIF playground's numbers from the engine (model/teaching/lif_lesson), as the view's
// snapshot. Synchronous and cheap (about a millisecond), so a slider is answered within the
// frame; GUI thread or any.

#include "ui/teaching/lif_snapshot.h"

namespace csae {

/// Everything the playground draws for `request`; a refused input gives a snapshot whose error
/// is the engine's message and nothing else.
ui::LifSnapshot compute_lif(const ui::LifRequest& request);

} // namespace csae
