#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/loop.h"
#include "core/xalloc.h"

struct watch {
	int fd;
	int events;
	loop_fd_cb cb;
	void *ctx;
};

struct timer {
	uint64_t id;
	int64_t due;
	loop_timer_cb cb;
	void *ctx;
};

struct loop {
	struct watch *watches;
	size_t n_watches, alloc_watches;
	struct timer *timers;     /* a binary heap, soonest (then oldest) first:
				   * a fleet scan has hundreds due at once */
	size_t n_timers, alloc_timers;
	uint64_t next_timer_id;
	int holds;
	void (*on_idle)(void *ctx);
	void *idle_ctx;
};

int64_t
loop_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct loop *
loop_new(void)
{
	struct loop *loop = xcalloc(1, sizeof *loop);
	loop->next_timer_id = 1;
	return loop;
}

void
loop_free(struct loop *loop)
{
	if (!loop)
		return;
	free(loop->watches);
	free(loop->timers);
	free(loop);
}

static struct watch *
find_watch(struct loop *loop, int fd)
{
	for (size_t i = 0; i < loop->n_watches; i++)
		if (loop->watches[i].fd == fd)
			return &loop->watches[i];
	return NULL;
}

int
loop_watch(struct loop *loop, int fd, int events, loop_fd_cb cb, void *ctx)
{
	if (fd < 0)
		return -1;
	if (!events) {
		loop_unwatch(loop, fd);
		return 0;
	}
	struct watch *w = find_watch(loop, fd);
	if (!w) {
		loop->watches = xgrow(loop->watches, &loop->alloc_watches,
				      loop->n_watches + 1, sizeof *loop->watches);
		w = &loop->watches[loop->n_watches++];
	}
	*w = (struct watch){ .fd = fd, .events = events, .cb = cb, .ctx = ctx };
	return 0;
}

void
loop_unwatch(struct loop *loop, int fd)
{
	struct watch *w = find_watch(loop, fd);
	if (!w)
		return;
	/* Mark dead rather than compact: loop_run_once may be iterating. */
	w->fd = -1;
	w->events = 0;
}

static bool
timer_before(const struct timer *a, const struct timer *b)
{
	return a->due < b->due || (a->due == b->due && a->id < b->id);
}

static void
timer_swap(struct loop *loop, size_t i, size_t j)
{
	struct timer t = loop->timers[i];
	loop->timers[i] = loop->timers[j];
	loop->timers[j] = t;
}

static void
sift_up(struct loop *loop, size_t i)
{
	while (i > 0 && timer_before(&loop->timers[i], &loop->timers[(i - 1) / 2])) {
		timer_swap(loop, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void
sift_down(struct loop *loop, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < loop->n_timers && timer_before(&loop->timers[l], &loop->timers[m]))
			m = l;
		if (r < loop->n_timers && timer_before(&loop->timers[r], &loop->timers[m]))
			m = r;
		if (m == i)
			return;
		timer_swap(loop, i, m);
		i = m;
	}
}

/* Take the timer at i out of the heap. */
static void
timer_remove(struct loop *loop, size_t i)
{
	loop->timers[i] = loop->timers[--loop->n_timers];
	if (i < loop->n_timers) {
		sift_up(loop, i);
		sift_down(loop, i);
	}
}

uint64_t
loop_timer_add(struct loop *loop, int64_t ms, loop_timer_cb cb, void *ctx)
{
	loop->timers = xgrow(loop->timers, &loop->alloc_timers,
			     loop->n_timers + 1, sizeof *loop->timers);
	struct timer *t = &loop->timers[loop->n_timers++];
	*t = (struct timer){ .id = loop->next_timer_id++, .due = loop_now_ms() + (ms > 0 ? ms : 0),
			     .cb = cb, .ctx = ctx };
	uint64_t id = t->id;
	sift_up(loop, loop->n_timers - 1);
	return id;
}

void
loop_timer_cancel(struct loop *loop, uint64_t id)
{
	for (size_t i = 0; i < loop->n_timers; i++)
		if (loop->timers[i].id == id) {
			timer_remove(loop, i);
			return;
		}
}

void
loop_hold(struct loop *loop)
{
	loop->holds++;
}

void
loop_release(struct loop *loop)
{
	if (loop->holds > 0)
		loop->holds--;
}

bool
loop_busy(const struct loop *loop)
{
	return loop->holds > 0;
}

static void
compact_watches(struct loop *loop)
{
	size_t j = 0;
	for (size_t i = 0; i < loop->n_watches; i++)
		if (loop->watches[i].fd >= 0)
			loop->watches[j++] = loop->watches[i];
	loop->n_watches = j;
}

/* Run every timer that is due, earliest deadline first (ties: the one
 * added first), also when a slow turn made several due at once; a
 * callback may add or cancel timers. */
static int
run_timers(struct loop *loop)
{
	int ran = 0;
	int64_t now = loop_now_ms();
	while (loop->n_timers && loop->timers[0].due <= now) {
		struct timer t = loop->timers[0];
		timer_remove(loop, 0);
		t.cb(t.ctx);
		ran++;
	}
	return ran;
}

static int
next_timeout(const struct loop *loop, int timeout_ms)
{
	if (!loop->n_timers)
		return timeout_ms;
	int64_t wait = loop->timers[0].due - loop_now_ms();
	if (wait < 0)
		wait = 0;
	if (wait > 60000)
		wait = 60000;
	if (timeout_ms < 0 || wait < timeout_ms)
		return (int)wait;
	return timeout_ms;
}

void
loop_on_idle(struct loop *loop, void (*cb)(void *ctx), void *ctx)
{
	loop->on_idle = cb;
	loop->idle_ctx = ctx;
}

int
loop_run_once(struct loop *loop, int timeout_ms)
{
	int wait = next_timeout(loop, timeout_ms);
	if (wait != 0 && loop->on_idle)
		loop->on_idle(loop->idle_ctx);
	compact_watches(loop);
	size_t n = loop->n_watches;
	struct pollfd *pfds = xcalloc(n ? n : 1, sizeof *pfds);
	for (size_t i = 0; i < n; i++) {
		pfds[i].fd = loop->watches[i].fd;
		pfds[i].events = (short)(((loop->watches[i].events & LOOP_READ) ? POLLIN : 0) |
					 ((loop->watches[i].events & LOOP_WRITE) ? POLLOUT : 0));
	}
	int rc = poll(pfds, (nfds_t)n, wait);
	if (rc < 0 && errno != EINTR) {
		free(pfds);
		return -1;
	}
	int ran = 0;
	for (size_t i = 0; rc > 0 && i < n; i++) {
		if (!pfds[i].revents)
			continue;
		int ready = 0;
		if (pfds[i].revents & POLLIN)
			ready |= LOOP_READ;
		if (pfds[i].revents & POLLOUT)
			ready |= LOOP_WRITE;
		if (pfds[i].revents & (POLLERR | POLLHUP | POLLNVAL))
			ready |= LOOP_READ | LOOP_WRITE;
		/* A callback may have unwatched or re-watched this fd. */
		struct watch *w = find_watch(loop, pfds[i].fd);
		if (!w || !(w->events & ready))
			continue;
		w->cb(w->ctx, pfds[i].fd, ready);
		ran++;
	}
	free(pfds);
	ran += run_timers(loop);
	return ran;
}

void
loop_run(struct loop *loop)
{
	while (loop_busy(loop))
		if (loop_run_once(loop, -1) < 0)
			break;
}
