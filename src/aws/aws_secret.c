/* Wiped copies of secrets, and a process the kernel will not dump (see
 * aws_secret.h). Environment variables that hold secrets are the user's
 * own copy; they are covered by the same non-dumpable process. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "aws/aws_secret.h"
#include "core/harden.h"
#include "core/xalloc.h"

static bool protected_done;

void
aws_secret_protect_process(void)
{
	if (protected_done)
		return;
	protected_done = process_harden();
}

bool
aws_secret_protected(void)
{
	return protected_done && prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0;
}

void
aws_secret_wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

char *
aws_secret_dupn(const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *c = xmalloc(n + 1);
	memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

char *
aws_secret_dup(const char *s)
{
	return s ? aws_secret_dupn(s, strlen(s)) : NULL;
}

void
aws_secret_free(char *s)
{
	if (!s)
		return;
	aws_secret_wipe(s, strlen(s));
	free(s);
}
