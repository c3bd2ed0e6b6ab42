#pragma once
// Shared by the views whose layer selector is refilled on every snapshot.

#include <QStringList>

class QComboBox;

namespace csae::ui {

/// Replaces the items of `combo` with `items`, keeping the current text selected when it is
/// still there (else the first item), without emitting change signals. GUI thread only.
void replaceItemsKeepingSelection(QComboBox* combo, const QStringList& items);

} // namespace csae::ui
