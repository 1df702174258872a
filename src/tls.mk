# Non-blocking TLS probe on the event loop.
libacmd_a_SOURCES += src/tls_probe.c src/tls_probe.h
