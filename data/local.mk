# Data files compiled into the binary (see data/embed.sh). Provider templates
# are listed in data/providers/local.mk.
# data/rdap-dns.json is IANA's RDAP bootstrap file for domain names
# (RFC 9224, data.iana.org/rdap/dns.json) as published on the date in its
# "publication" member; acm-doctor --rdap-bootstrap FILE takes a newer one.
DATA_FILES = data/caa-issuers.txt data/cloudflare-caa.txt data/cloudflare-ips.txt $(PROVIDER_FILES) data/acm-reasons.txt \
	data/aws-regions.txt data/rdap-dns.json data/explain-terms.txt
EXTRA_DIST += data/embed.sh $(DATA_FILES)
nodist_libacmd_a_SOURCES += src/core/data_files.c
BUILT_SOURCES += src/core/data_files.c
CLEANFILES += src/core/data_files.c
src/core/data_files.c: $(srcdir)/data/embed.sh $(addprefix $(srcdir)/,$(DATA_FILES))
	$(AM_V_GEN)$(MKDIR_P) src/core && $(SHELL) $(srcdir)/data/embed.sh $(srcdir) $(DATA_FILES) > $@.tmp && mv $@.tmp $@
