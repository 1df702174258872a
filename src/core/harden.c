/* Keeping secrets out of core files (harden.h). */
#include "config.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include "core/harden.h"

bool
process_harden(void)
{
	struct rlimit none = { 0, 0 };
	/* Either alone stops the kernel's core file; both are cheap. The
	 * sanitizers' leak checker makes itself dumpable while it looks. */
	int a = setrlimit(RLIMIT_CORE, &none);
	int b = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	return a == 0 || b == 0;
}
