/* The TUI's core: the application state, screens as small tables of
 * functions (after tig's view_ops), and what handlers return.
 *
 * Handlers never redraw: they change state and return a ui_result; the loop
 * in tui.c acts on it (pop, quit) and repaints the whole screen once. */
#ifndef ACMD_UI_H
#define ACMD_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keys.h"

struct diag;
struct screen;
struct ui_aws;
struct ui_cert;
struct ui;

enum ui_result {
	UI_IGNORED,     /* not handled: the next handler may take it */
	UI_REDRAW,      /* handled; the screen changed */
	UI_BACK,        /* close this screen */
	UI_QUIT,        /* leave the program */
};

/* A rectangle of the screen, in cells. */
struct ui_rect {
	int y, x, h, w;
};

struct screen_ops {
	const char *id;                         /* "findings": for the help title */
	const char *title;                      /* N_(): breadcrumb in the title bar */
	const struct ui_binding *keys;          /* before the generic table */
	size_t priv_size;                       /* zeroed state allocated on push */
	bool text_entry;                        /* printable keys type text */
	void (*open)(struct ui *ui, struct screen *s);
	void (*close)(struct ui *ui, struct screen *s);
	void (*draw)(struct ui *ui, struct screen *s, const struct ui_rect *body);
	enum ui_result (*request)(struct ui *ui, struct screen *s, enum ui_cmd cmd);
	/* Raw input before the bindings (text fields); may be NULL. */
	enum ui_result (*input)(struct ui *ui, struct screen *s, int key, bool is_char);
	/* A mouse click at y, x (screen cells); may be NULL. */
	enum ui_result (*click)(struct ui *ui, struct screen *s, int y, int x);
	/* Does cmd lead anywhere here and now? Only offered commands are
	 * run, shown in the key line and listed by the help; Back, Help,
	 * Quit and Redraw always are. NULL: only those four. */
	bool (*offers)(struct ui *ui, struct screen *s, enum ui_cmd cmd);
	/* Where the user is, for the status line ("finding 2 of 5",
	 * "lines 1-12 of 40"); may be NULL. */
	void (*where)(struct ui *ui, struct screen *s, char *buf, size_t len);
};

struct screen {
	const struct screen_ops *ops;
	void *priv;
	const void *arg;                        /* given to ui_push */
	unsigned serial;                        /* which push: messages belong to one */
};

/* A line prompt on the message row (the save path, a yes/no question). */
typedef void (*ui_prompt_cb)(struct ui *ui, void *ctx, const char *answer);

/* A wizard: an entry of the home screen. Later wizards add a row. */
struct wizard {
	const char *id;
	const char *label;                      /* N_() */
	const char *crumb;                      /* N_(): short, for the title bar */
	const char *summary;                    /* N_() */
	const struct screen_ops *first;         /* step 1: what it asks for */
	const struct screen_ops *results;       /* after the probes (NULL: findings) */
	/* Shown only when this says so (NULL: always): "My certificates"
	 * needs AWS credentials. */
	bool (*available)(const struct ui *ui);
	/* The crumb as it is now (the certificate's status); NULL: crumb. */
	void (*title)(const struct ui *ui, char *buf, size_t len);
	/* What the wizard adds to a new diagnosis of names, besides CAA (NULL:
	 * nothing); called by ui_start_diagnosis before the probes start. */
	void (*prepare)(struct ui *ui, struct diag *d);
};

extern const struct wizard ui_wizards[];
extern const size_t ui_n_wizards;

/* Sample domains of the demo lab, one per scenario. */
struct demo_domain {
	const char *name;
	const char *story;                      /* N_() */
};
extern const struct demo_domain ui_demo_domains[];
extern const size_t ui_n_demo_domains;

#define UI_MAX_DEPTH 8
#define UI_MIN_COLS 60
#define UI_MIN_LINES 16
/* Rows around every screen's body: the title bar on top; the message row,
 * the status line and the key line at the bottom. */
#define UI_FRAME_TOP 1
#define UI_FRAME_BOTTOM 3

/* What the wizard returns (doc/acm-doctor.1, EXIT STATUS), as `check`
 * does for the last diagnosis it finished. */
enum ui_verdict {
	UI_VERDICT_NONE = -1,                   /* nothing diagnosed yet */
	UI_VERDICT_CLEAR = 0,                   /* nothing blocks issuance */
	UI_VERDICT_BLOCKED = 1,                 /* a finding blocks it */
	UI_VERDICT_NO_ANSWER = 2,               /* the probes could not run */
};

struct ui {
	struct loop *loop;
	struct dns_client *dns;
	const char *resolver;                   /* NULL: resolv.conf */
	char **edited_ns;                       /* --edited-ns: the zone the user edited */
	size_t n_edited_ns;
	int timeout_ms;
	const char *ca_file;                    /* --ca-file: trust for TLS probes; NULL: system */
	bool utf8;                              /* the locale shows UTF-8 */
	bool color;
	bool fixed_times;                       /* ACM_DOCTOR_TEST_TIMES=fixed */
	bool demo;
	bool dirty;                             /* redraw before the next wait */
	bool quit;
	struct screen stack[UI_MAX_DEPTH];
	int depth;
	struct diag *diag;                      /* the diagnosis on screen, or NULL */
	struct ui_cert *cert;                   /* the certificate loaded in this session */
	const struct wizard *wizard;            /* the wizard being run */
	char prefill[1024];                     /* names for the names step */
	bool was_running;                       /* to notice a check finishing */
	char message[512];                      /* the message row */
	bool message_bad;
	unsigned message_owner;                 /* serial of the screen that raised it */
	bool message_while_running;             /* goes when the probes are in */
	unsigned serial;                        /* of the last push */
	enum ui_verdict verdict;                /* of the last diagnosis finished */
	int signal;                             /* SIGINT...: leave with 128 + it */
	char fix_provider[64];                  /* the fix tabs the user chose last */
	char fix_format[32];
	struct {
		bool active;
		bool confirm;                   /* one key: y or anything else */
		char label[200];
		char ok[40];                    /* what Enter (or y) does, for the key line */
		struct ui_input *input;         /* allocated while active */
		ui_prompt_cb cb;
		void *ctx;
	} prompt;
	unsigned spin;                          /* spinner phase */
	/* The email check's knobs: --rdap-bootstrap, --https-ca-file, --smtp-timeout. */
	const char *rdap_bootstrap, *https_ca_file;
	int smtp_timeout_ms;
	struct ui_aws *aws;                     /* AWS (ui/aws.h), or NULL */
};

/* Input, whether typed or scripted; is_char: key is a character, not a
 * curses KEY_ code. Resizes and clicks go through here too. */
void ui_feed_key(struct ui *ui, int key, bool is_char);
void ui_click(struct ui *ui, int y, int x);
void ui_resized(struct ui *ui);
/* Paint now if anything changed (before a dump). */
void ui_paint(struct ui *ui);
/* Below UI_MIN_COLS x UI_MIN_LINES: only a message is shown. */
bool ui_too_small(void);

/* Navigation. */
void ui_push(struct ui *ui, const struct screen_ops *ops, const void *arg);
void ui_pop(struct ui *ui);
struct screen *ui_top(struct ui *ui);
/* Pop screens until one with these ops is on top (true), or none is left. */
bool ui_pop_to(struct ui *ui, const struct screen_ops *ops);

/* A message on the message row, owned by the screen on top: it goes with
 * the next key, or when that screen is left. */
void ui_message(struct ui *ui, bool bad, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same, for "still asking": it also goes when the probes are in. */
void ui_message_while_running(struct ui *ui, const char *text);
void ui_message_clear(struct ui *ui);
/* A screen's input op for Enter before the answers are in: it leads
 * nowhere yet (not offered), and pressed anyway it says "still asking"
 * until they are. */
enum ui_result ui_input_still_asking(struct ui *ui, struct screen *s, int key, bool is_char);
/* Does cmd do something on screen s now (screen_ops.offers)? */
bool ui_offers(struct ui *ui, struct screen *s, enum ui_cmd cmd);
/* The screen below s on the stack, or NULL. */
struct screen *ui_below(struct ui *ui, const struct screen *s);
/* The exit status the wizard would return now. */
int ui_exit_status(const struct ui *ui);
/* A prompt on the message row; ok says what Enter (or y) does ("save"). */
void ui_ask(struct ui *ui, const char *label, const char *initial, const char *ok,
	    ui_prompt_cb cb, void *ctx);
void ui_confirm(struct ui *ui, const char *label, const char *ok, ui_prompt_cb cb, void *ctx);

/* The wizard steps: start a diagnosis of names (canonical) and show it. */
void ui_start_diagnosis(struct ui *ui, const struct wizard *w, char **names, size_t n);
/* "r": run the probes of the current diagnosis again. */
enum ui_result ui_recheck(struct ui *ui);
/* "12 ms", or "N ms" under ACM_DOCTOR_TEST_TIMES=fixed. */
const char *ui_ms(const struct ui *ui, int64_t ms, char *buf, size_t len);
/* "287", or "N" likewise: TTLs count down. */
const char *ui_secs(const struct ui *ui, int64_t s, char *buf, size_t len);

extern const struct screen_ops screen_home;
extern const struct screen_ops screen_names;
extern const struct screen_ops screen_probes;
extern const struct screen_ops screen_findings;
extern const struct screen_ops screen_fix;
extern const struct screen_ops screen_help;
extern const struct screen_ops screen_cert;         /* load or type the records */
extern const struct screen_ops screen_cert_names;   /* the certificate's names */
extern const struct screen_ops screen_list;         /* check a list of names */
extern const struct screen_ops screen_certs;        /* My certificates (ui/aws.h) */
extern const struct screen_ops screen_apigw;        /* API Gateway: the name, the domain JSON */
extern const struct screen_ops screen_apigw_cert;   /* API Gateway: the certificate served */

/* The wizards' additions to a diagnosis (screen_apigw.c): the API Gateway
 * wizard's own domain, and "Diagnose a domain"'s names where they serve
 * HTTPS. */
void ui_apigw_prepare(struct ui *ui, struct diag *d);
void ui_apigw_prepare_all(struct ui *ui, struct diag *d);

/* The certificate wizard, opened on a file (acm-doctor --certificate FILE). */
void ui_open_certificate(struct ui *ui, const char *path);
/* The same with a certificate already read (from a pipe: `aws acm
 * describe-certificate ... | acm-doctor --certificate -`); takes c. */
void ui_open_certificate_loaded(struct ui *ui, struct ui_cert *c, const char *label);
/* The certificate wizard's certificate replaced by c (read again from
 * ACM): back to its first step, then on as when it was loaded. */
void ui_cert_replace(struct ui *ui, struct ui_cert *c);

#endif
