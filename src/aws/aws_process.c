/* credential_process (botocore ProcessProvider; the aws-api reference,
 * section 3.2): the command is split the way a POSIX shell would split it
 * (quotes and backslashes) but run without a shell, with standard input
 * from /dev/null; its standard output is a JSON object with Version 1 and
 * the keys, its standard error the reason when it fails. Both pipes are
 * read on the event loop; a helper that hangs is killed after two minutes
 * (SSO helpers may wait for a browser, but not forever). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "aws/aws_int.h"
#include "aws/aws_secret.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strbuf.h"
#include "core/strv.h"
#include "core/xalloc.h"

extern char **environ;

#define OUT_MAX (64u * 1024u)
#define ERR_MAX 4096u
#define DEADLINE_MS (120 * 1000)
#define REAP_POLL_MS 20
#define ARGS_MAX 256

/* ---- splitting ---- */

static bool
split_quoted(const char **pp, char q, struct strbuf *w)
{
	const char *p = *pp + 1;
	for (; *p && *p != q; p++) {
		/* in double quotes a backslash escapes only these, as in sh */
		if (q == '"' && *p == '\\' && p[1] && strchr("\"\\$`", p[1]))
			p++;
		sb_addc(w, *p);
	}
	if (!*p)
		return false;
	*pp = p + 1;
	return true;
}

int
aws_shell_split(const char *cmd, char ***argv, size_t *argc, char *err, size_t errlen)
{
	*argv = NULL;
	*argc = 0;
	const char *p = cmd;
	struct strbuf w;
	sb_init_limit(&w, 8192);
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		sb_reset(&w);
		while (*p && *p != ' ' && *p != '\t' && *p != '\n') {
			if (*p == '\'' || *p == '"') {
				if (!split_quoted(&p, *p, &w)) {
					snprintf(err, errlen, "%s", _("a quote is not closed"));
					goto bad;
				}
			} else if (*p == '\\' && p[1]) {
				sb_addc(&w, p[1]);
				p += 2;
			} else {
				sb_addc(&w, *p++);
			}
		}
		if (*argc >= ARGS_MAX) {
			snprintf(err, errlen, _("more than %d words"), ARGS_MAX);
			goto bad;
		}
		strv_push(argv, argc, w.buf);
	}
	sb_free(&w);
	if (!*argc) {
		snprintf(err, errlen, "%s", _("the command is empty"));
		return -1;
	}
	return 0;
bad:
	sb_free(&w);
	strv_free(*argv, *argc);
	*argv = NULL;
	*argc = 0;
	return -1;
}

/* ---- running ---- */

struct proc_job {
	struct aws_pending base;
	struct aws_client *c;
	pid_t pid;
	int out_fd, err_fd;
	struct strbuf out, errtext;
	char prog[128];             /* argv[0], for messages */
	char profile[128];
	uint64_t timer, deadline;
	aws_creds_done cb;
	void *ctx;
};

static void
close_fd(struct proc_job *j, int *fd)
{
	if (*fd >= 0) {
		loop_unwatch(j->c->loop, *fd);
		close(*fd);
		*fd = -1;
	}
}

static void
job_free(struct proc_job *j)
{
	close_fd(j, &j->out_fd);
	close_fd(j, &j->err_fd);
	if (j->pid > 0) {
		kill(j->pid, SIGKILL);
		waitpid(j->pid, NULL, 0);
	}
	if (j->timer)
		loop_timer_cancel(j->c->loop, j->timer);
	if (j->deadline)
		loop_timer_cancel(j->c->loop, j->deadline);
	aws_secret_wipe(j->out.buf, j->out.len);
	sb_free(&j->out);
	sb_free(&j->errtext);
	loop_release(j->c->loop);
	free(j);
}

static void
job_cancel(struct aws_pending *p)
{
	job_free((struct proc_job *)p);
}

static void
job_done(struct proc_job *j, struct aws_creds *cr, const struct aws_error *err)
{
	aws_creds_done cb = j->cb;
	void *ctx = j->ctx;
	struct aws_error e;
	if (err)
		e = *err;
	job_free(j);
	cb(ctx, cr, err ? &e : NULL);
}

static void
fail(struct proc_job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
fail(struct proc_job *j, const char *fmt, ...)
{
	char buf[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	struct aws_error e;
	memset(&e, 0, sizeof e);
	snprintf(e.action, sizeof e.action, "credential_process");
	aws_error_set(&e, AWS_ERR_CREDENTIAL_SOURCE, _("credential_process of profile %s (%s): %s"),
		      j->profile, j->prog, buf);
	job_done(j, NULL, &e);
}

static void
parse_output(struct proc_job *j)
{
	struct aws_error e;
	memset(&e, 0, sizeof e);
	cJSON *root = cJSON_ParseWithLength(j->out.buf, j->out.len);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "Version");
	bool v1 = cJSON_IsNumber(v) && v->valuedouble == 1;
	cJSON_Delete(root);
	if (!v1) {
		fail(j, "%s", _("its output is not a JSON object with \"Version\": 1"));
		return;
	}
	struct aws_creds *cr = aws_creds_new(AWS_SRC_PROCESS);
	cr->refreshable = true;
	snprintf(cr->detail, sizeof cr->detail, "profile %s: %s", j->profile, j->prog);
	if (!aws_creds_from_json(j->out.buf, j->out.len, "SessionToken", cr, &e)) {
		aws_creds_free(cr);
		fail(j, "%s", e.message);
		return;
	}
	job_done(j, cr, NULL);
}

static void
reap(void *arg)
{
	struct proc_job *j = arg;
	int status;
	j->timer = 0;
	pid_t r = waitpid(j->pid, &status, WNOHANG);
	if (r == 0) {
		j->timer = loop_timer_add(j->c->loop, REAP_POLL_MS, reap, j);
		return;
	}
	j->pid = -1;
	if (r < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		/* its standard error is the reason (first line, sanitised) */
		char first[300];
		snprintf(first, sizeof first, "%s", j->errtext.buf);
		first[strcspn(first, "\r\n")] = '\0';
		char *why = san_str(first, 240, SAN_ASCII);
		if (r > 0 && WIFEXITED(status))
			fail(j, _("exited with status %d%s%s"), WEXITSTATUS(status), *why ? ": " : "", why);
		else
			fail(j, "%s", _("was killed by a signal"));
		free(why);
		return;
	}
	parse_output(j);
}

static void
on_pipe(void *ctx, int fd, int ready)
{
	struct proc_job *j = ctx;
	(void)ready;
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof buf);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0) {
		sb_addn(fd == j->out_fd ? &j->out : &j->errtext, buf, (size_t)n);
		aws_secret_wipe(buf, (size_t)n);
		return;
	}
	close_fd(j, fd == j->out_fd ? &j->out_fd : &j->err_fd);
	if (j->out_fd < 0 && j->err_fd < 0)
		reap(j);
}

static void
on_deadline(void *arg)
{
	struct proc_job *j = arg;
	j->deadline = 0;
	fail(j, _("did not finish within %d s"), DEADLINE_MS / 1000);
}

static int
spawn(struct proc_job *j, char **argv, char *err, size_t errlen)
{
	int out[2], errp[2];
	if (pipe2(out, O_CLOEXEC) < 0)
		goto sys;
	if (pipe2(errp, O_CLOEXEC) < 0) {
		close(out[0]);
		close(out[1]);
		goto sys;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
	int rc = posix_spawnp(&j->pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(out[1]);
	close(errp[1]);
	j->out_fd = out[0];
	j->err_fd = errp[0];
	if (rc != 0) {
		j->pid = -1;
		snprintf(err, errlen, _("cannot run it: %s"), strerror(rc));
		return -1;
	}
	fcntl(j->out_fd, F_SETFL, O_NONBLOCK);
	fcntl(j->err_fd, F_SETFL, O_NONBLOCK);
	loop_watch(j->c->loop, j->out_fd, LOOP_READ, on_pipe, j);
	loop_watch(j->c->loop, j->err_fd, LOOP_READ, on_pipe, j);
	return 0;
sys:
	snprintf(err, errlen, "pipe: %s", strerror(errno));
	return -1;
}

struct aws_pending *
aws_process_fetch(struct aws_client *c, const char *command, const char *profile,
		  aws_creds_done cb, void *ctx)
{
	struct proc_job *j = xcalloc(1, sizeof *j);
	j->base.cancel = job_cancel;
	j->c = c;
	j->pid = -1;
	j->out_fd = j->err_fd = -1;
	j->cb = cb;
	j->ctx = ctx;
	sb_init_limit(&j->out, OUT_MAX);
	sb_init_limit(&j->errtext, ERR_MAX);
	snprintf(j->profile, sizeof j->profile, "%s", profile);
	loop_hold(c->loop);
	char **argv;
	size_t argc;
	char err[300];
	if (aws_shell_split(command, &argv, &argc, err, sizeof err) < 0) {
		snprintf(j->prog, sizeof j->prog, "?");
	} else {
		char *p = san_str(argv[0], 100, SAN_ASCII);
		snprintf(j->prog, sizeof j->prog, "%s", p);
		free(p);
		argv = xrealloc(argv, (argc + 1) * sizeof *argv);
		argv[argc] = NULL;
		if (spawn(j, argv, err, sizeof err) == 0)
			err[0] = '\0';
		strv_free(argv, argc);
	}
	if (err[0]) {
		/* report from the loop, like every other outcome */
		struct aws_error e;
		memset(&e, 0, sizeof e);
		snprintf(e.action, sizeof e.action, "credential_process");
		aws_error_set(&e, AWS_ERR_CREDENTIAL_SOURCE, _("credential_process of profile %s (%s): %s"),
			      j->profile, j->prog, err);
		struct aws_pending *pe = aws_pending_error(c, &e, cb, ctx);
		job_free(j);
		return pe;
	}
	j->deadline = loop_timer_add(c->loop, DEADLINE_MS, on_deadline, j);
	return &j->base;
}
