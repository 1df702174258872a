/* Test hooks in the style of tig: keys and commands from a file
 * (ACM_DOCTOR_SCRIPT), one a line:
 *
 *   caa-le.test       each character typed as a key
 *   <Enter> <Esc> <Tab> <Down> <Up> <Left> <Right> <Backspace> <Space> ...
 *   :wait             until no probe is pending
 *   :sleep MS         let the loop run MS milliseconds
 *   :dump FILE        write the plain-text screen to FILE
 *   :resize COLSxLINES
 *   :click X Y        a mouse click at column X, row Y
 *   :exec COMMAND     run COMMAND with /bin/sh and wait for it (a test
 *                     changing the world between two screens)
 *   :bytes \e[1~      bytes as a terminal sends them (\e, \xNN, \\), keys
 *                     decoded from them as from the terminal's
 *   # comment
 */
#ifndef ACMD_UI_SCRIPT_H
#define ACMD_UI_SCRIPT_H

#include <stdbool.h>
#include <stdint.h>

struct ui;
struct ui_script;

struct ui_script *ui_script_load(const char *path, char *err, size_t errlen);
void ui_script_free(struct ui_script *s);
bool ui_script_done(const struct ui_script *s);
/* Run the steps that are due; returns how long the loop may wait before
 * the next one is due (ms, -1: until something happens, 0: now). */
int ui_script_run(struct ui_script *s, struct ui *ui);

#endif
