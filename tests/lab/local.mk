# The loopback test lab (owned by tests/lab/). End-to-end tests are listed here
# and each runs inside its own lab via the log compiler.
