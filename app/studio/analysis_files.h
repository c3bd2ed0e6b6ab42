#pragma once
// Reads what `csae analyse` wrote (projection.csv, analysis.json, receptive_fields.json,
// projective_fields.json) into the Embedding and Receptive fields views' snapshots. GUI thread or any; plain file
// reading.

#include "ui/analysis/embedding_view.h"
#include "ui/analysis/receptive_field_view.h"

#include <QString>

namespace csae {

/// The analysis in `directory`; on failure an empty snapshot and `error` naming the file (and
/// line) and the reason.
ui::EmbeddingSnapshot readAnalysisDirectory(const QString& directory, QString* error);

/// receptive_fields.json and projective_fields.json in `directory`; a missing file leaves its
/// set empty. False and `error` naming the file and the reason when one is not a valid field file.
bool readFieldDirectory(const QString& directory, ui::ReceptiveFieldSnapshot* snapshot, QString* error);

} // namespace csae
