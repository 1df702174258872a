/* The event loop (src/core/loop.c): timers fire in order, descriptors dispatch,
 * callbacks may add and remove watches, and the hold counter works. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/loop.h"
#include "testutil.h"

static char order[16];
static size_t n_order;
static int64_t fired_at[16];

static void
mark(void *ctx)
{
	if (n_order < sizeof order - 1) {
		fired_at[n_order] = loop_now_ms();
		order[n_order++] = *(const char *)ctx;
	}
}

struct pipe_ctx {
	struct loop *loop;
	int fds[2];
	int reads;
	char got[16];
};

static void
on_readable(void *arg, int fd, int ready)
{
	struct pipe_ctx *p = arg;
	ssize_t n = read(fd, p->got, sizeof p->got - 1);
	if (n > 0)
		p->got[n] = '\0';
	p->reads++;
	loop_unwatch(p->loop, fd);   /* removing a watch from inside its callback */
	loop_release(p->loop);
}

static void
write_later(void *arg)
{
	struct pipe_ctx *p = arg;
	if (write(p->fds[1], "ping", 4) != 4)
		abort();
}

int
main(void)
{
	struct loop *loop = loop_new();
	static const char a = 'a', b = 'b', c = 'c', x = 'x';

	CHECK(!loop_busy(loop), "a new loop is idle");
	int64_t t0 = loop_now_ms();
	loop_timer_add(loop, 30, mark, (void *)&c);
	loop_timer_add(loop, 10, mark, (void *)&a);
	uint64_t cancel = loop_timer_add(loop, 15, mark, (void *)&x);
	loop_timer_add(loop, 20, mark, (void *)&b);
	loop_timer_cancel(loop, cancel);
	while (n_order < 3)
		loop_run_once(loop, -1);
	CHECK(!strcmp(order, "abc"), "timers fire in deadline order, cancelled one never (got %s)", order);
	/* Never early: each fired at or after its deadline (not a speed check). */
	CHECK(fired_at[0] - t0 >= 10 && fired_at[1] - t0 >= 20 && fired_at[2] - t0 >= 30,
	      "no timer fired before its deadline");

	struct pipe_ctx p = { .loop = loop };
	CHECK(pipe(p.fds) == 0, "pipe");
	loop_hold(loop);
	CHECK(loop_busy(loop), "held loop is busy");
	loop_watch(loop, p.fds[0], LOOP_READ, on_readable, &p);
	loop_timer_add(loop, 5, write_later, &p);
	loop_run(loop);
	CHECK(p.reads == 1 && !strcmp(p.got, "ping"), "descriptor dispatched once (reads=%d got=%s)", p.reads, p.got);
	CHECK(!loop_busy(loop), "released loop is idle, loop_run returned");

	/* An unwatched descriptor is not polled any more. */
	if (write(p.fds[1], "more", 4) != 4)
		abort();
	int ran = loop_run_once(loop, 10);
	CHECK(ran == 0 && p.reads == 1, "unwatched fd not dispatched (ran=%d)", ran);
	close(p.fds[0]);
	close(p.fds[1]);
	loop_free(loop);
	return test_summary("test_loop");
}
