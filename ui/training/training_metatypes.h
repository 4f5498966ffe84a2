#pragma once
// The training facade's types as Qt meta-types: they travel in queued signals (TrainingWorker,
// ProcessTraining). Include before a header whose signals carry them.
#include <QMetaType>

#include "core/train/training_session.h"

Q_DECLARE_METATYPE(sam3::train::SessionRequest)
Q_DECLARE_METATYPE(sam3::train::PreflightReport)
Q_DECLARE_METATYPE(sam3::train::ValidationReport)
Q_DECLARE_METATYPE(sam3::train::SessionResult)
