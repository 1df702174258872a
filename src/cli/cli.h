/* Subcommands of the acm-doctor program. Each returns the process exit code:
 * 0 nothing blocks issuance, 1 a finding blocks it, 2 usage error or the
 * probes could not run. */
#ifndef ACMD_CLI_H
#define ACMD_CLI_H

enum { EXIT_OK = 0, EXIT_BLOCKED = 1, EXIT_USAGE = 2 };

int cli_check(int argc, char **argv);   /* argv[0] is "check" */
int cli_tls(int argc, char **argv);     /* argv[0] is "tls" */
int cli_explain(int argc, char **argv); /* argv[0] is "explain" */

/* explain: what a message curl or a browser printed about an API Gateway
 * custom domain means; false when it is not one of them. */
#include <stdbool.h>
bool cli_explain_client_words(const char *text);

#endif
