#include "config.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/harden.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "tui.h"

static void
usage(FILE *out)
{
	fputs(_("Usage: acm-doctor COMMAND [OPTION]... [ARG]...\n"
		"Gets a stuck AWS certificate issued: live DNS and TLS probes, the exact\n"
		"finding, and the record to add at your DNS provider.\n"
		"\n"
		"Commands:\n"
		"  check NAME...        can ACM issue for these names? (CAA and validation\n"
		"                       records, from live DNS; --certificate FILE too)\n"
		"  tls ADDRESS[:PORT]   show the certificate a server presents (SNI aware)\n"
		"  explain [CODE]...    what a finding code means\n"
		"\n"
		"Run 'acm-doctor COMMAND --help' for a command's options, 'man acm-doctor'\n"
		"for the whole manual.\n"), out);
	fputs(_("\n"
		"Without a command, on a terminal: the interactive wizard.\n"
		"  acm-doctor [--resolver ADDR[:PORT]] [--timeout MS] [DOMAIN]...\n"
		"  acm-doctor --certificate FILE [--edited-ns NS]...   the pending-validation\n"
		"                       wizard, loaded (--edited-ns: the zone you edited)\n"
		"  acm-doctor --demo     the wizard inside the test lab, with sample domains\n"), out);
}

#ifndef BINDIR
#define BINDIR ""
#endif

/* Where the catalogues are: ACM_DOCTOR_LOCALEDIR if set (tests); the
 * build tree's locale/ next to the program when it does not run from where
 * it is installed (the build makes it, so ./acm-doctor speaks the user's
 * language before `make install`); else the installed LOCALEDIR. */
static const char *
locale_dir(char *buf, size_t len)
{
	const char *env = getenv("ACM_DOCTOR_LOCALEDIR");
	if (env && *env)
		return env;
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return LOCALEDIR;
	self[n] = '\0';
	char *slash = strrchr(self, '/');
	if (!slash)
		return LOCALEDIR;
	*slash = '\0';
	struct stat st;
	char bindir[PATH_MAX];
	if (realpath(BINDIR, bindir) && !strcmp(bindir, self))
		return LOCALEDIR;
	if ((size_t)snprintf(buf, len, "%.*s/locale", (int)(len - 8), self) >= len)
		return LOCALEDIR;
	return stat(buf, &st) == 0 && S_ISDIR(st.st_mode) ? buf : LOCALEDIR;
}

int
main(int argc, char **argv)
{
	(void)process_harden();   /* before anything can hold a secret */
	setlocale(LC_ALL, "");
	i18n_locale_changed();
	char dir[PATH_MAX];
	bindtextdomain(PACKAGE, locale_dir(dir, sizeof dir));
	textdomain(PACKAGE);
	/* No command and no terminal (a pipe, a script): the usage, as before
	 * the wizard existed. */
	if (argc < 2 && !tui_available()) {
		usage(stdout);
		return EXIT_OK;
	}
	if (argc < 2)
		return tui_main(argc, argv);
	if (!strcmp(argv[1], "check"))
		return cli_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "tls"))
		return cli_tls(argc - 1, argv + 1);
	if (!strcmp(argv[1], "explain"))
		return cli_explain(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("acm-doctor %s\n", VERSION);
		return EXIT_OK;
	}
	if (tui_wants(argc, argv))
		return tui_main(argc, argv);
	char *shown = san_str(argv[1], 200, SAN_ASCII);
	fprintf(stderr, _("acm-doctor: unknown command \"%s\"\n"), shown);
	free(shown);
	usage(stderr);
	return EXIT_USAGE;
}
