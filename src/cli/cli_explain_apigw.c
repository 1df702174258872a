/* `explain` for what curl and browsers print about an API Gateway custom
 * domain (data/explain-apigw.txt, read by checks/apigw/apigw_clients.c):
 * the message as pasted, what it means, the next step, the command that
 * diagnoses it and the finding it becomes. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "checks/apigw/apigw_clients.h"
#include "checks/finding.h"
#include "cli/cli.h"
#include "core/i18n.h"

bool
cli_explain_client_words(const char *text)
{
	const struct apigw_term *t = apigw_term_find(text);
	if (!t)
		return false;
	printf("%s", t->term);
	if (t->from)
		printf(" (%s)", _(t->from));
	putchar('\n');
	if (t->explain)
		printf("  %s\n", _(t->explain));
	if (t->next)
		printf("  %s %s\n", _("Next step:"), _(t->next));
	if (t->check)
		printf("  %s %s\n", _("Diagnose:"), t->check);
	char code[64];
	snprintf(code, sizeof code, "%.*s", (int)strcspn(t->cause ? t->cause : "", ":"), t->cause ? t->cause : "");
	int c = finding_code_from_name(code);
	if (c >= 0)
		printf("  %s %s (%s)\n", _("Finding:"), code, severity_name(finding_code_severity((enum finding_code)c)));
	return true;
}
