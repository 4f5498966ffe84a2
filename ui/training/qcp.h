#pragma once
// qcustomplot.h uses Qt's `signals` / `slots` / `emit` / `foreach` keywords, which QT_NO_KEYWORDS
// (needed beside LibTorch) switches off: include it through this header only.
#ifndef signals
#define signals Q_SIGNALS
#define SAM3_UNDEF_SIGNALS
#endif
#ifndef slots
#define slots Q_SLOTS
#define SAM3_UNDEF_SLOTS
#endif
#ifndef emit
#define emit Q_EMIT
#define SAM3_UNDEF_EMIT
#endif
#ifndef foreach
#define foreach Q_FOREACH
#define SAM3_UNDEF_FOREACH
#endif
#include <qcustomplot.h>
#ifdef SAM3_UNDEF_SIGNALS
#undef signals
#undef SAM3_UNDEF_SIGNALS
#endif
#ifdef SAM3_UNDEF_SLOTS
#undef slots
#undef SAM3_UNDEF_SLOTS
#endif
#ifdef SAM3_UNDEF_EMIT
#undef emit
#undef SAM3_UNDEF_EMIT
#endif
#ifdef SAM3_UNDEF_FOREACH
#undef foreach
#undef SAM3_UNDEF_FOREACH
#endif
