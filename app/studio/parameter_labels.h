#pragma once
// The configuration panel's row labels: a readable, translated name for every configuration
// key ("Learning rate" for train.lr); the key itself stays in the tooltip, as `csae` spells it.
// GUI thread (translation uses the installed QTranslators).

#include <QString>

namespace csae {

/// The translated label of a dotted key; empty when the key has none (a test keeps every key of
/// csae::parameter_specs() labelled).
QString parameterLabel(const QString& key);

} // namespace csae
