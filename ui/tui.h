/* The interactive program: `acm-doctor` with no command, with domain names,
 * or with --demo. Kept free of curses so that src/main.c can call it. */
#ifndef ACMD_TUI_H
#define ACMD_TUI_H

/* argv[0] is the program name; returns the process exit code. */
int tui_main(int argc, char **argv);

/* Does this argument list belong to the TUI (no command, options of the
 * TUI, or names)? Subcommands win over names of the same spelling. */
int tui_wants(int argc, char **argv);

/* Can the wizard run here: a terminal on stdin and stdout, or the headless
 * test mode (ACM_DOCTOR_HEADLESS)? */
int tui_available(void);

#endif
