/* gettext in one place: _() for strings shown as they are, N_() for strings
 * in static tables that are translated when shown. */
#ifndef ACMD_I18N_H
#define ACMD_I18N_H

#include <libintl.h>
#include <stdbool.h>

/* True while LC_MESSAGES is "C", where gettext always gives the msgid
 * back: _() then skips it (a fleet scan's JSON asks for hundreds of
 * thousands of texts, and each gettext call takes a lock). */
extern bool i18n_untranslated;

/* Call after every setlocale() that may change LC_MESSAGES. */
void i18n_locale_changed(void);

/* format_arg: printf formats through _() are still checked, as with gettext. */
static inline __attribute__((format_arg(1))) char *
i18n_text(const char *s)
{
	return i18n_untranslated ? (char *)s : gettext(s);
}

#define _(s) i18n_text(s)
#define N_(s) (s)

#endif
