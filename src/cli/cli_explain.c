#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "checks/finding.h"
#include "core/i18n.h"

/* `acm-doctor explain [CODE...]`: what a finding code means, from the same
 * table that defines the codes, so the list can never drift. */
int
cli_explain(int argc, char **argv)
{
	int rc = EXIT_OK;
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(_("Usage: acm-doctor explain [CODE]...\n"
			"Explains finding codes; without CODE, lists them all.\n"), stdout);
		fputs(_("A message curl or a browser printed (\"NET::ERR_CERT_COMMON_NAME_INVALID\",\n"
			"\"curl: (60) SSL: no alternative certificate subject name matches ...\") is\n"
			"explained too: what it means for an API Gateway custom domain.\n"), stdout);
		return EXIT_OK;
	}
	for (int i = 0; i < F__COUNT && argc < 2; i++)
		printf("%-28s %-8s %s\n", finding_code_name((enum finding_code)i),
		       severity_name(finding_code_severity((enum finding_code)i)),
		       finding_code_help((enum finding_code)i));
	for (int a = 1; a < argc; a++) {
		int code = finding_code_from_name(argv[a]);
		if (code < 0 && cli_explain_client_words(argv[a]))
			continue;
		if (code < 0) {
			fprintf(stderr, _("acm-doctor: unknown finding code \"%s\"\n"), argv[a]);
			rc = EXIT_USAGE;
			continue;
		}
		printf("%s (%s)\n  %s\n", argv[a], severity_name(finding_code_severity((enum finding_code)code)),
		       finding_code_help((enum finding_code)code));
	}
	return rc;
}
