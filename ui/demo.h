/* acm-doctor --demo: the TUI inside a fresh test lab (tests/lab/lab.sh
 * ns-run), so every wizard can be tried offline against real servers. */
#ifndef ACMD_UI_DEMO_H
#define ACMD_UI_DEMO_H

/* Re-run this program with its arguments inside the lab; returns only on
 * failure (exit code). */
int tui_demo_exec(int argc, char **argv);
/* Inside the lab: take back the locale the user had (lab.sh sets LC_ALL=C). */
void tui_demo_locale(void);

#endif
