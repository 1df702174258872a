/* Reading describe-certificate or list-certificates output from a file or
 * standard input (see acm_cert.h): bounded while it is read, so /dev/zero
 * cannot exhaust memory. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acm/acm_cert.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"

bool
acm_input_read(const char *path, struct strbuf *out, char *err, size_t errlen)
{
	bool is_stdin = !strcmp(path, "-");
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f) {
		char *q = san_str(path, 64, 0);
		snprintf(err, errlen, "%s: %s", q, strerror(errno));
		free(q);
		return false;
	}
	/* The cap applies while reading, so /dev/zero cannot exhaust memory. */
	char chunk[64 * 1024];
	size_t n;
	sb_init_limit(out, ACM_INPUT_MAX);
	errno = 0;
	while (!out->truncated && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		sb_addn(out, chunk, n);
	bool read_err = ferror(f);
	int read_errno = errno;     /* a directory: EISDIR, said as such */
	if (!is_stdin)
		fclose(f);
	char *q = san_str(path, 64, 0);
	if (read_err && read_errno)
		snprintf(err, errlen, "%s: %s", q, strerror(read_errno));
	else if (read_err)
		snprintf(err, errlen, _("%s: read error"), q);
	else if (out->truncated)
		snprintf(err, errlen, _("%s: larger than %u bytes; this is not describe-certificate output"),
			 q, ACM_INPUT_MAX);
	free(q);
	if (read_err || out->truncated) {
		sb_free(out);
		return false;
	}
	return true;
}

bool
acm_cert_load(const char *path, struct acm_cert *cert, char *err, size_t errlen)
{
	struct strbuf sb;
	memset(cert, 0, sizeof *cert);
	acm_cert_free(cert);        /* an empty certificate, as on a parse error */
	if (!acm_input_read(path, &sb, err, errlen))
		return false;
	bool ok = acm_cert_parse(sb.buf, sb.len, cert, err, errlen);
	sb_free(&sb);
	return ok;
}
