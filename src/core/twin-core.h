/* twin-core.h: the umbrella header of libtwin-core, the twin model, its meshes and its project file.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "twin-types.h"
#include "twin-enums.h"
#include "feeds/twin-csv-replay-feed.h"
#include "feeds/twin-emulator.h"
#include "feeds/twin-feed-config.h"
#include "feeds/twin-feed-store.h"
#include "feeds/twin-mqtt-feed.h"
#include "feeds/twin-payload.h"
#include "feeds/twin-recorder.h"
#include "history/twin-historian.h"
#include "mesh/twin-mesh-catalog.h"
#include "mesh/twin-mesh-info.h"
#include "mesh/twin-mesh.h"
#include "model/twin-entity.h"
#include "model/twin-entity-type.h"
#include "model/twin-history.h"
#include "model/twin-model.h"
#include "model/twin-model-json.h"
#include "model/twin-parameter.h"
#include "model/twin-transform.h"
#include "model/twin-unit.h"
#include "model/twin-validator.h"
#include "sim/twin-sim-archive.h"
#include "sim/twin-sim-model.h"
#include "sim/twin-sim-run.h"
#include "sim/twin-sim-scenario.h"
#include "sim/twin-sim-solver.h"
#include "store/twin-project.h"
#include "store/twin-store.h"
