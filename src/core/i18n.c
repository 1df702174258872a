/* The one switch behind _() (i18n.h). */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "core/i18n.h"

bool i18n_untranslated;

void
i18n_locale_changed(void)
{
	/* Only "C" itself: glibc honours LANGUAGE under other names of the
	 * plain locale ("POSIX"), so those still go through gettext. */
	const char *now = setlocale(LC_MESSAGES, NULL);
	i18n_untranslated = now && !strcmp(now, "C");
}
