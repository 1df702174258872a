/* Getting a snippet out of the terminal: OSC 52 (the terminal puts it on the
 * system clipboard; works over SSH and, with set-clipboard on, in tmux), and
 * saving to a file atomically without ever replacing a file silently. */
#ifndef ACMD_UI_CLIPBOARD_H
#define ACMD_UI_CLIPBOARD_H

#include <stdbool.h>
#include <stddef.h>

/* The escape sequence that sets the clipboard to text (malloc'd). */
char *clip_osc52(const char *text);
/* Write it to the terminal at fd. Returns 0 or -1. */
int clip_copy(int fd, const char *text);
/* The same to the wizard's terminal (stdout), or headless (tests) appended
 * to the file ACM_DOCTOR_CLIPBOARD_LOG names. Returns 0 or -1. */
int clip_copy_out(const char *text);

enum clip_save_status { CLIP_SAVED, CLIP_EXISTS, CLIP_ERROR };
/* Write text to path through a temporary file in the same directory and a
 * rename. Without overwrite, an existing path is left alone (CLIP_EXISTS),
 * checked atomically with link(). err gets the reason of CLIP_ERROR. */
enum clip_save_status clip_save(const char *path, const char *text, bool overwrite,
				char *err, size_t errlen);

#endif
