#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clipboard.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *
clip_osc52(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text);
	struct strbuf sb;
	sb_init(&sb);
	/* "c": the clipboard selection. BEL ends it: understood more widely
	 * than ST. */
	sb_add(&sb, "\033]52;c;");
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0)
			   | (i + 2 < n ? s[i + 2] : 0);
		sb_addc(&sb, b64[v >> 18 & 63]);
		sb_addc(&sb, b64[v >> 12 & 63]);
		sb_addc(&sb, i + 1 < n ? b64[v >> 6 & 63] : '=');
		sb_addc(&sb, i + 2 < n ? b64[v & 63] : '=');
	}
	sb_addc(&sb, '\a');
	return sb_steal(&sb);
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
clip_copy(int fd, const char *text)
{
	char *seq = clip_osc52(text);
	int rc = write_all(fd, seq, strlen(seq));
	free(seq);
	return rc;
}

enum clip_save_status
clip_save(const char *path, const char *text, bool overwrite, char *err, size_t errlen)
{
	if (!overwrite && access(path, F_OK) == 0)
		return CLIP_EXISTS;
	size_t plen = strlen(path);
	char *tmp = xmalloc(plen + 16);
	snprintf(tmp, plen + 16, "%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		free(tmp);
		return CLIP_ERROR;
	}
	int rc = write_all(fd, text, strlen(text));
	if (rc == 0)
		rc = fsync(fd);
	int saved = errno;
	if (close(fd) && rc == 0) {
		rc = -1;
		saved = errno;
	}
	enum clip_save_status st = CLIP_SAVED;
	if (rc == 0 && overwrite) {
		rc = rename(tmp, path);
		saved = errno;
	} else if (rc == 0) {
		/* link() fails with EEXIST instead of replacing: no window in
		 * which another writer's file could be overwritten. */
		rc = link(tmp, path);
		saved = errno;
		if (rc && saved == EEXIST)
			st = CLIP_EXISTS;
	}
	if (rc && st != CLIP_EXISTS) {
		snprintf(err, errlen, "%s", strerror(saved));
		st = CLIP_ERROR;
	}
	if (st != CLIP_SAVED || !overwrite)
		unlink(tmp);
	free(tmp);
	return st;
}

int
clip_copy_out(const char *text)
{
	const char *log = getenv("ACM_DOCTOR_CLIPBOARD_LOG");
	if (!log || !*log) {
		fflush(stdout);
		return clip_copy(STDOUT_FILENO, text);
	}
	FILE *f = fopen(log, "a");
	char *seq = clip_osc52(text);
	int rc = f && fputs(seq, f) >= 0 ? 0 : -1;
	if (f && fclose(f))
		rc = -1;
	free(seq);
	return rc;
}
