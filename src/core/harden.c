/* Keeping secrets out of core files (harden.h). */
#include "config.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include "core/harden.h"

#if defined(__SANITIZE_ADDRESS__)
#define LEAK_CHECKER_PTRACES 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LEAK_CHECKER_PTRACES 1
#endif
#endif

void
process_harden(void)
{
	struct rlimit none = { 0, 0 };
	(void)setrlimit(RLIMIT_CORE, &none);
#ifndef LEAK_CHECKER_PTRACES
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}
