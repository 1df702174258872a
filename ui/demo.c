#include "config.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "demo.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#ifndef ACMD_LAB_SH
#define ACMD_LAB_SH ""
#endif

#define LOCALE_VAR "ACM_DOCTOR_DEMO_LOCALE"

int
tui_demo_exec(int argc, char **argv)
{
	const char *lab = getenv("ACM_DOCTOR_LAB");
	if (!lab || !*lab)
		lab = ACMD_LAB_SH;
	if (!*lab || access(lab, R_OK)) {
		fprintf(stderr, "%s\n", _("acm-doctor: --demo needs the test lab of a build tree; set ACM_DOCTOR_LAB to tests/lab/lab.sh"));
		return EXIT_USAGE;
	}
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0) {
		perror("acm-doctor: /proc/self/exe");
		return EXIT_USAGE;
	}
	self[n] = '\0';
	/* lab.sh exports LC_ALL=C for its daemons; the TUI takes the user's
	 * locale back from here. */
	char loc[256];
	snprintf(loc, sizeof loc, "%s;%s", setlocale(LC_CTYPE, NULL), setlocale(LC_MESSAGES, NULL));
	setenv(LOCALE_VAR, loc, 1);
	char **av = xcalloc((size_t)argc + 4, sizeof *av);
	size_t k = 0;
	av[k++] = (char *)"bash";
	av[k++] = (char *)lab;
	av[k++] = (char *)"ns-run";
	av[k++] = self;
	for (int i = 1; i < argc; i++)
		av[k++] = argv[i];
	av[k] = NULL;
	fprintf(stderr, "%s\n", _("acm-doctor: starting the test lab..."));
	execvp("bash", av);
	perror("acm-doctor: bash");
	free(av);
	return EXIT_USAGE;
}

void
tui_demo_locale(void)
{
	const char *v = getenv(LOCALE_VAR);
	if (!v || !*v)
		return;
	char *copy = xstrdup(v);
	char *semi = strchr(copy, ';');
	if (semi) {
		*semi = '\0';
		setlocale(LC_MESSAGES, semi + 1);
		i18n_locale_changed();
	}
	setlocale(LC_CTYPE, copy);
	free(copy);
}
