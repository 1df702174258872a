/* Secrets (secret keys, session tokens, web identity and container tokens)
 * in memory: copies that are wiped when freed, and a process that the
 * kernel never writes to a core file once it holds any (ptrace and
 * /proc/PID/mem are refused to other processes of the user too). Nothing
 * here prints a secret; nothing anywhere may. */
#ifndef ACMD_AWS_SECRET_H
#define ACMD_AWS_SECRET_H

#include <stdbool.h>
#include <stddef.h>

/* Make the process non-dumpable (PR_SET_DUMPABLE 0) and its core size
 * limit 0. Idempotent; called before the first secret is read. */
void aws_secret_protect_process(void);
/* Has aws_secret_protect_process() run (and taken effect)? */
bool aws_secret_protected(void);

/* A copy of n bytes of s (NUL added); NULL for NULL. */
char *aws_secret_dupn(const char *s, size_t n);
char *aws_secret_dup(const char *s);
/* Wipe then free (NULL is fine). */
void aws_secret_free(char *s);
/* Wipe a buffer that held a secret (a response body, a file read). */
void aws_secret_wipe(void *p, size_t n);

#endif
