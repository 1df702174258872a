/* process_harden(): no core file can hold the process's secrets. */
#include "config.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include "core/harden.h"
#include "testutil.h"

int
main(void)
{
	struct rlimit before;
	CHECK(getrlimit(RLIMIT_CORE, &before) == 0, "getrlimit");
	CHECK(process_harden(), "took effect");
	struct rlimit after;
	CHECK(getrlimit(RLIMIT_CORE, &after) == 0, "getrlimit");
	CHECK(after.rlim_cur == 0, "soft core limit is %llu", (unsigned long long)after.rlim_cur);
	CHECK(after.rlim_max == 0, "hard core limit is %llu: it could be raised again",
	      (unsigned long long)after.rlim_max);
	int dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
	CHECK(dumpable == 0, "not dumpable (%d)", dumpable);
	return test_summary("test_harden");
}
