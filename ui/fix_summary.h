/* The fix in one sentence, for the findings screen: the record to add,
 * change or delete, and where ("Fix: add caa-le.test. CAA 0 issue
 * "amazon.com" at Amazon Route 53."), read from the plan any check makes.
 * Also the words of the screens that every check shares: severities.
 * No curses here. */
#ifndef ACMD_UI_FIX_SUMMARY_H
#define ACMD_UI_FIX_SUMMARY_H

#include <stddef.h>

#include "checks/finding.h"
#include "fix/plan_view.h"

void ui_fix_summary(const struct plan_view *v, char *buf, size_t len);
/* Where the records go, with its preposition: "at Cloudflare", "at your
 * DNS provider (ns1.example.net)". */
void ui_fix_where(const struct plan_view *v, char *buf, size_t len);
/* For a fix whose provider was not recognised: that it was not, and what
 * works anyway. */
void ui_fix_unknown_provider(const struct plan_view *v, char *buf, size_t len);

/* "error", "warning", "info", translated (the JSON keeps the English). */
const char *ui_severity_label(enum severity sev);

#endif
