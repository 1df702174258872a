/* Reading describe-certificate or list-certificates output from a file or
 * standard input (see acm_cert.h): bounded while it is read, so /dev/zero
 * cannot exhaust memory. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acm/acm_cert.h"
#include "core/i18n.h"
#include "core/json_in.h"
#include "core/sanitize.h"
#include "core/strbuf.h"

bool
acm_input_read(const char *path, struct strbuf *out, char *err, size_t errlen)
{
	char why[256], too_big[160];
	snprintf(too_big, sizeof too_big, _("larger than %u bytes; this is not describe-certificate output"),
		 ACM_INPUT_MAX);
	if (json_in_read(path, ACM_INPUT_MAX, too_big, out, why, sizeof why))
		return true;
	char *q = san_str(path, 64, 0);
	snprintf(err, errlen, "%s: %s", q, why);
	free(q);
	sb_free(out);
	return false;
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
