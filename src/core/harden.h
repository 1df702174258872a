/* The process holds secrets from its environment (AWS keys, provider
 * tokens): no core file may keep a copy of its memory. */
#ifndef ACMD_CORE_HARDEN_H
#define ACMD_CORE_HARDEN_H

#include <stdbool.h>

/* Core dumps off (RLIMIT_CORE 0, soft and hard), and the process not
 * dumpable (no core through a pipe handler, no ptrace or /proc/PID/mem by
 * other processes of the same user). Idempotent; main() calls it first.
 * False when neither took effect. */
bool process_harden(void);

#endif
