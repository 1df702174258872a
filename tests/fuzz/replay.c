/* Runs a libFuzzer harness over its corpus without libFuzzer, so that make
 * check (with the project's compiler, sanitizers and valgrind) replays
 * every input found so far: replay FILE... prints "N passed, 0 failed";
 * a crash or sanitizer report fails the test by itself. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			printf("%d passed, 1 failed\n", n);
			return 1;
		}
		uint8_t *buf = malloc(1 << 20);
		size_t len = buf ? fread(buf, 1, 1 << 20, f) : 0;
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		n++;
	}
	printf("%d passed, 0 failed\n", n);
	return 0;
}
