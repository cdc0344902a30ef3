/* twin-validator.h: what is wrong with a twin's structure: unconnected ports, bad wiring, loops, parameters.
 *
 * Copyright 2026 The Twin Studio authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "twin-model.h"

G_BEGIN_DECLS

/**
 * TwinIssueKind:
 * @TWIN_ISSUE_UNCONNECTED_PORT: a required port has no connection
 * @TWIN_ISSUE_DOMAIN_MISMATCH: a connection joins ports of two domains, or two
 *   outputs, or two inputs
 * @TWIN_ISSUE_TWO_SOURCES: a signal input has more than one source
 * @TWIN_ISSUE_ALGEBRAIC_LOOP: a signal loop with no state in it
 * @TWIN_ISSUE_MISSING_PARAMETER: a parameter the component type needs is absent
 *   or of the wrong kind or unit
 * @TWIN_ISSUE_PARAMETER_OUT_OF_RANGE: a value outside the type's range
 * @TWIN_ISSUE_NO_REFERENCE: a physical network without a reference (an electrical
 *   circuit without ground)
 * @TWIN_ISSUE_DANGLING: a connection or boundary port naming a port that does not exist
 */
typedef enum
{
  TWIN_ISSUE_UNCONNECTED_PORT,
  TWIN_ISSUE_DOMAIN_MISMATCH,
  TWIN_ISSUE_TWO_SOURCES,
  TWIN_ISSUE_ALGEBRAIC_LOOP,
  TWIN_ISSUE_MISSING_PARAMETER,
  TWIN_ISSUE_PARAMETER_OUT_OF_RANGE,
  TWIN_ISSUE_NO_REFERENCE,
  TWIN_ISSUE_DANGLING,
} TwinIssueKind;

#define TWIN_TYPE_ISSUE_KIND (twin_issue_kind_get_type ())

GType          twin_issue_kind_get_type  (void) G_GNUC_CONST;
const char    *twin_issue_kind_to_string (TwinIssueKind kind);

#define TWIN_TYPE_ISSUE (twin_issue_get_type ())

G_DECLARE_FINAL_TYPE (TwinIssue, twin_issue, TWIN, ISSUE, GObject)

/* One finding; a GObject so the app's validation panel can list them. */
TwinIssueKind  twin_issue_get_kind     (TwinIssue *self);
TwinEntity    *twin_issue_get_entity   (TwinIssue *self);
const char    *twin_issue_get_path     (TwinIssue *self);
const char    *twin_issue_get_message  (TwinIssue *self);

GListModel    *twin_validate_model     (TwinModel *model) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
