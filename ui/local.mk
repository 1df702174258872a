# The interactive program (ui/): screens on top of the engine in src/.
# Only these files include curses; src/main.c calls tui_main() (ui/tui.h).
acm_doctor_SOURCES += \
	ui/tui.c ui/tui.h ui/ui.h ui/keys.c ui/keys.h ui/draw.c ui/draw.h \
	ui/input.c ui/input.h ui/script.c ui/script.h ui/diag.c ui/diag.h \
	ui/clipboard.c ui/clipboard.h ui/demo.c ui/demo.h ui/wizards.c \
	ui/frame.c ui/terminal.c ui/terminal.h ui/esc.c ui/esc.h ui/fix_summary.c ui/fix_summary.h \
	ui/cert.c ui/cert.h ui/aws.c ui/aws.h ui/screen_certs.c \
	ui/screen_home.c ui/screen_names.c ui/screen_probes.c \
	ui/screen_findings.c ui/screen_fix.c ui/screen_help.c \
	ui/screen_cert.c ui/screen_cert_names.c \
	ui/screen_list.c
# --- issue 11: the API Gateway wizard ---
acm_doctor_SOURCES += ui/screen_apigw.c ui/screen_apigw_cert.c
TESTS += tests/e2e/tui-apigw.test
EXTRA_DIST += tests/e2e/tui-apigw.test \
	tests/ui/apigw-home.screen tests/ui/apigw-step.screen tests/ui/apigw-probes.screen \
	tests/ui/apigw-cert.screen tests/ui/apigw-cert-target.screen \
	tests/ui/apigw-cert-expected.screen tests/ui/apigw-findings.screen \
	tests/ui/apigw-fix.screen tests/ui/apigw-bad-json.screen \
	tests/ui/apigw-cert-expired.screen tests/ui/apigw-diagnose.screen
acm_doctor_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/ui $(NCURSES_CFLAGS) \
	-DACMD_LAB_SH=\"$(abs_top_srcdir)/tests/lab/lab.sh\" -DBINDIR=\"$(bindir)\"
acm_doctor_LDADD += $(NCURSES_LIBS)

# Screen-dump tests (scripted keys, headless) and a tmux test of the real
# terminal, each inside its own lab like every e2e test.
TUI_TESTS = tests/e2e/tui-dumps.test tests/e2e/tui-tmux.test \
	tests/e2e/tui-responsive.test tests/e2e/tui-hostile.test \
	tests/e2e/tui-cert.test tests/e2e/tui-list.test tests/e2e/tui-truth.test \
	tests/e2e/tui-terminal.test tests/e2e/tui-states.test tests/e2e/tui-i18n.test
TESTS += $(TUI_TESTS)
# The email wizard (issue 10).
TESTS += tests/e2e/tui-email.test
EXTRA_DIST += tests/e2e/tui-email.test tests/ui/email-home.screen tests/ui/email-findings.screen \
	tests/ui/email-addresses.screen tests/ui/email-fix.screen tests/ui/email-cert-names.screen \
	tests/ui/email-cert-findings.screen tests/ui/email-diagnose.screen
EXTRA_DIST += $(TUI_TESTS) tests/ui/tuilib.sh bench/tui-first-frame.sh bench/tui-rss.sh
# Expected screens (regenerate: make check TESTS=... ACMD_UPDATE_SCREENS=1,
# then review the diff).
EXTRA_DIST += \
	tests/ui/ascii-findings.screen \
	tests/ui/big.screen \
	tests/ui/cert-bad.screen \
	tests/ui/cert-findings-missing.screen \
	tests/ui/cert-fix-route53.screen \
	tests/ui/cert-load.screen \
	tests/ui/cert-names.screen \
	tests/ui/cert-typed.screen \
	tests/ui/caa-resolved-names.screen \
	tests/ui/lookup-fix.screen \
	tests/ui/notdelegated-findings.screen \
	tests/ui/notdelegated-fix.screen \
	tests/ui/resolver-findings.screen \
	tests/ui/resolver-fix.screen \
	tests/ui/click.screen \
	tests/ui/copy.screen \
	tests/ui/demo-home.screen \
	tests/ui/demo-probes.screen \
	tests/ui/direct-back.screen \
	tests/ui/direct-probes.screen \
	tests/ui/findings-detail.screen \
	tests/ui/findings.screen \
	tests/ui/fix-cloudflare.screen \
	tests/ui/fix-route53-api.screen \
	tests/ui/fix-route53-zone.screen \
	tests/ui/fix-route53.screen \
	tests/ui/fix-tab-cloudflare.screen \
	tests/ui/help-findings.screen \
	tests/ui/home.screen \
	tests/ui/list-home.screen \
	tests/ui/list-missing.screen \
	tests/ui/list-bad.screen \
	tests/ui/list-table.screen \
	tests/ui/list-open.screen \
	tests/ui/list-back.screen \
	tests/ui/names-invalid.screen \
	tests/ui/probes.screen \
	tests/ui/recheck.screen \
	tests/ui/save-exists.screen \
	tests/ui/save-overwrite.screen \
	tests/ui/save.screen \
	tests/ui/servfail-findings.screen \
	tests/ui/servfail-probes.screen \
	tests/ui/small.screen \
	tests/ui/save-prompt.screen \
	tests/ui/unrecognised-findings.screen \
	tests/ui/fix-unrecognised.screen \
	tests/ui/small-probes.screen \
	tests/ui/small-findings.screen \
	tests/ui/small-fix.screen \
	tests/ui/tiny.screen \
	tests/ui/issued.screen \
	tests/ui/de-home.screen \
	tests/ui/de-probes.screen \
	tests/ui/de-findings.screen \
	tests/ui/de-fix.screen \
	tests/ui/de-fix-zone.screen \
	tests/ui/de-help.screen \
	tests/ui/de-cert-names.screen \
	tests/ui/de-cert-findings.screen \
	tests/ui/de-cert-fix.screen

# Try every wizard offline: the TUI inside a fresh lab.
demo: acm-doctor
	ACM_DOCTOR_LAB='$(abs_top_srcdir)/tests/lab/lab.sh' ./acm-doctor --demo
.PHONY: demo

# The messages of a build that is not installed: po/'s catalogues copied to
# locale/LL/LC_MESSAGES/ next to the program, where src/main.c looks when
# it does not run from $(bindir) (LANG=de_DE.UTF-8 ./acm-doctor).
all-local: build-locale
build-locale: $(srcdir)/po/LINGUAS
	$(AM_V_GEN)for lang in `cat $(srcdir)/po/LINGUAS`; do \
	  for gmo in po/$$lang.gmo $(srcdir)/po/$$lang.gmo; do \
	    if test -f $$gmo; then \
	      $(MKDIR_P) locale/$$lang/LC_MESSAGES && \
	      cp $$gmo locale/$$lang/LC_MESSAGES/$(PACKAGE).mo && break; \
	    fi; \
	  done; \
	done
clean-local: clean-build-locale
clean-build-locale:
	-rm -rf locale
.PHONY: build-locale clean-build-locale
