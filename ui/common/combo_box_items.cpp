#include "ui/common/combo_box_items.h"

#include <QComboBox>
#include <QSignalBlocker>

namespace csae::ui {

void replaceItemsKeepingSelection(QComboBox* combo, const QStringList& items)
{
    const QString previous = combo->currentText();
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItems(items);
    const int index = combo->findText(previous, Qt::MatchExactly);
    combo->setCurrentIndex(index >= 0 ? index : (items.isEmpty() ? -1 : 0));
}

} // namespace csae::ui
