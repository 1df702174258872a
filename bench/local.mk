# Benchmarks (bench/README.md): figures, never tests. "make bench" runs all
# of them in one lab of their own and prints the table with the machine it
# ran on (about 15 minutes, at nice 10: the machine may be shared); "make
# check" never runs them. BENCH_ARGS=--quick: the 1,000 and 10,000 fleets.
EXTRA_DIST += \
	bench/README.md \
	bench/apigw-wall.sh \
	bench/email-wall.sh \
	bench/batch-check.sh \
	bench/caa-queries.sh \
	bench/cert-wall.sh \
	bench/check-wall.sh \
	bench/delay-check.sh \
	bench/fleet-gen.sh \
	bench/fleet.sh \
	bench/forced-rounds.sh \
	bench/lab-cert.sh \
	bench/latency.sh \
	bench/lib.sh \
	bench/manual.sh \
	bench/run.sh \
	bench/same-output.sh

bench: acm-doctor
	bash $(srcdir)/bench/run.sh $(BENCH_ARGS)
.PHONY: bench
