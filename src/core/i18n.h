/* gettext in one place: _() for strings shown as they are, N_() for strings
 * in static tables that are translated when shown. */
#ifndef ACMD_I18N_H
#define ACMD_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
