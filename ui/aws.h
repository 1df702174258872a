/* The wizard and AWS: the client, whose credentials are looked for when
 * the wizard starts (on the loop; Home offers "My certificates" once they
 * are found), certificates opened straight from ACM, and `r` on such a
 * certificate reading it from ACM again before the probes run again. No
 * curses here. */
#ifndef ACMD_UI_AWS_H
#define ACMD_UI_AWS_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/aws_client.h"

struct ui;

struct ui_aws {
	struct aws_client *client;
	struct aws_call *probe;         /* looking for credentials at start */
	bool ready;                     /* credentials found */
	char who[400];                  /* where they came from, for the screen */
	char **regions;                 /* --region, or every ACM region */
	size_t n_regions;
	struct aws_op *reading;         /* a certificate being read for the wizard */
};

/* Set up, and start looking for credentials. NULL with err when the AWS
 * settings are unusable (a malformed AWS_REGION, an unreadable file). */
struct ui_aws *ui_aws_new(struct ui *ui, const char *profile, const char *region, char *err,
			  size_t errlen);
void ui_aws_free(struct ui_aws *a);
/* For the wizard table: are credentials there? */
bool ui_aws_available(const struct ui *ui);
/* Read arn from ACM (with its hosted zones) and open it in the
 * certificate wizard; progress and problems on the message row. */
void ui_aws_open_arn(struct ui *ui, const char *arn);
/* `r` on a certificate read from ACM: read it again, then check again.
 * False when the certificate is not from ACM (the caller re-checks). */
bool ui_aws_reread(struct ui *ui);

#endif
