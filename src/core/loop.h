/* The one event loop: poll() over file descriptors plus one-shot timers.
 *
 * Every probe (c-ares, OpenSSL handshakes, later libcurl) registers its
 * descriptors and deadlines here, so nothing ever blocks: the CLI runs the
 * loop until no work is pending, the TUI adds stdin and keeps drawing. */
#ifndef ACMD_LOOP_H
#define ACMD_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct loop;

enum {
	LOOP_READ  = 1,
	LOOP_WRITE = 2,
};

/* Called with the subset of LOOP_READ|LOOP_WRITE that is ready; a hang-up or
 * error is reported as both, so the owner's read/write fails and it cleans up. */
typedef void (*loop_fd_cb)(void *ctx, int fd, int ready);
typedef void (*loop_timer_cb)(void *ctx);

struct loop *loop_new(void);
void loop_free(struct loop *loop);

/* Watch fd for events (LOOP_READ|LOOP_WRITE); calling again for the same fd
 * replaces the callback and events. events == 0 stops watching. */
int loop_watch(struct loop *loop, int fd, int events, loop_fd_cb cb, void *ctx);
void loop_unwatch(struct loop *loop, int fd);

/* One-shot timer, ms from now. Returns an id > 0, or 0 on allocation failure. */
uint64_t loop_timer_add(struct loop *loop, int64_t ms, loop_timer_cb cb, void *ctx);
void loop_timer_cancel(struct loop *loop, uint64_t id);

/* Work counter: probes call hold() when they start and release() when their
 * result is delivered. loop_busy() tells the UI whether to poll with 0. */
void loop_hold(struct loop *loop);
void loop_release(struct loop *loop);
bool loop_busy(const struct loop *loop);

/* Called before the loop waits for something to happen (not when work
 * is already due): where output gathered in a burst is flushed. One hook;
 * NULL removes it. */
void loop_on_idle(struct loop *loop, void (*cb)(void *ctx), void *ctx);

/* Wait at most timeout_ms (-1: until something happens) and dispatch ready
 * descriptors and due timers. Returns the number of callbacks run, or -1. */
int loop_run_once(struct loop *loop, int timeout_ms);

/* Run until nothing holds the loop. */
void loop_run(struct loop *loop);

/* Monotonic milliseconds. */
int64_t loop_now_ms(void);

#endif
