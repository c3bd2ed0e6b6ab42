#pragma once

/// Marks an engine string that the studio shows translated, without making the engine depend on
/// Qt: it expands to the bare literal. lupdate is told to read it as QT_TRANSLATE_NOOP
/// (`-tr-function-alias QT_TRANSLATE_NOOP+=CSAE_TRANSLATABLE`, app/CMakeLists.txt), so the
/// literal lands in the studio's .ts files under `context`; the studio looks it up again with
/// QCoreApplication::translate(context, text). The CLI prints the English literal.
#define CSAE_TRANSLATABLE(context, text) text
