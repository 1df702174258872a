#include "config.h"

#include <errno.h>
#include <idn2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/dns_wire.h"
#include "core/i18n.h"
#include "net/names.h"
#include "core/sanitize.h"
#include "core/strv.h"
#include "core/xalloc.h"

/* User input to the canonical A-label form: IDN converted, lower case,
 * trailing dot. A wildcard ("*.", also written "\042." or "\*.") is
 * only the whole first label, and the name is length-checked with it. */
char *
name_from_user(const char *in, char *why, size_t whylen)
{
	const char *rest = in;
	bool wild = !strncmp(in, "*.", 2);
	if (wild)
		rest += 2;
	bool ascii = true;
	for (const unsigned char *p = (const unsigned char *)rest; *p; p++)
		if (*p >= 0x80)
			ascii = false;
	char canon[DNS_NAME_TEXT_MAX];
	bool ok;
	if (ascii) {
		ok = dns_name_canon(in, canon, sizeof canon);
	} else {
		char *alabel = NULL;
		int rc = idn2_to_ascii_8z(rest, &alabel, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
		if (rc != IDN2_OK) {
			snprintf(why, whylen, _("not a valid internationalised name: %s"), idn2_strerror(rc));
			return NULL;
		}
		char *full = xmalloc(strlen(alabel) + 3);
		sprintf(full, "%s%s", wild ? "*." : "", alabel);
		idn2_free(alabel);
		ok = dns_name_canon(full, canon, sizeof canon);
		free(full);
	}
	if (!ok || !strcmp(canon, ".")) {
		snprintf(why, whylen, "%s", _("not a valid domain name (labels of 1-63 characters, 255 in all)"));
		return NULL;
	}
	/* Checked on the canonical form, so an escaped '*' obeys the rule too. */
	const char *star = strchr(canon, '*');
	if (star && (star != canon || canon[1] != '.' || strchr(canon + 1, '*') || !canon[2])) {
		snprintf(why, whylen, "%s", _("a wildcard is only allowed as the whole first label (*.example.com)"));
		return NULL;
	}
	return xstrdup(canon);
}

char *
name_from_arg(const char *arg)
{
	char why[256];
	char *n = name_from_user(arg, why, sizeof why);
	if (!n) {
		char *shown = san_str(arg, 200, SAN_ASCII);
		fprintf(stderr, _("acm-doctor: \"%s\": %s\n"), shown, why);
		free(shown);
	}
	return n;
}

int
names_from_line(const char *line, size_t max, char ***out, size_t *n, char *why, size_t whylen)
{
	*out = NULL;
	*n = 0;
	const char *p = line;
	while (*p && *p != '#') {
		p += strspn(p, ", \t\r\v\f");
		size_t len = strcspn(p, ", \t\r\v\f#");
		if (!len)
			break;
		char *word = xstrndup(p, len), reason[256];
		p += len;
		char *name = name_from_user(word, reason, sizeof reason);
		if (!name || *n >= max) {
			char *shown = san_str(word, 100, SAN_ASCII);
			if (name)
				snprintf(reason, sizeof reason, _("more than %zu names on one line"), max);
			snprintf(why, whylen, "\"%s\": %s", shown, reason);
			free(shown);
			free(word);
			free(name);
			strv_free(*out, *n);
			*out = NULL;
			*n = 0;
			return -1;
		}
		free(word);
		bool dup = false;
		for (size_t i = 0; i < *n && !dup; i++)
			dup = !strcmp((*out)[i], name);
		if (!dup)
			strv_push(out, n, name);
		free(name);
	}
	return (int)*n;
}

int
ms_from_arg(const char *option, const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (*arg && !*end && v >= 10 && v <= 60000)
		return (int)v;
	opt_refuse(option, arg, _("want milliseconds, from 10 to 60000"));
	return -1;
}

int
timeout_from_arg(const char *arg)
{
	return ms_from_arg("--timeout", arg);
}

void
opt_refuse(const char *option, const char *value, const char *why)
{
	char *shown = san_str(value, 200, SAN_ASCII);
	fprintf(stderr, _("acm-doctor: %s \"%s\": %s\n"), option, shown, why);
	free(shown);
}

bool
opt_ca_file(const char *option, const char *path)
{
	if (*path && access(path, R_OK) == 0)
		return true;
	char why[256];
	snprintf(why, sizeof why, _("cannot read it (%s); want a PEM file of CA certificates"),
		 *path ? strerror(errno) : _("no file name"));
	opt_refuse(option, path, why);
	return false;
}

const char *
name_shown(const char *name)
{
	static char ring[8][DNS_NAME_TEXT_MAX];
	static size_t next;
	char *b = ring[next++ % 8];
	size_t len = dns_name_len_nodot(name);
	if (len >= DNS_NAME_TEXT_MAX)
		len = DNS_NAME_TEXT_MAX - 1;
	memcpy(b, name, len);
	b[len] = '\0';
	return b;
}
