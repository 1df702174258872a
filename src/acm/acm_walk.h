/* The certificates that need attention, read from ACM in one region or
 * several (ListCertificates with the statuses that can need attention,
 * every region at once, at most ACM_WALK_PARALLEL in flight), worst first
 * (acm_list.h). A region that fails is a finding; in a walk where others
 * answer, regions that refuse the credentials are the account's opt-in
 * regions not enabled, counted in one note rather than an error each. */
#ifndef ACMD_ACM_WALK_H
#define ACMD_ACM_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "acm/acm_list.h"
#include "aws/aws_client.h"
#include "checks/finding.h"

#define ACM_WALK_PARALLEL 8

struct acm_walk_result {
	struct acm_list found;      /* needing attention, worst first */
	struct finding *findings;   /* regions that could not be read */
	size_t n_findings;
	size_t regions_ok, regions_failed;
};

/* r is the callee's to keep (free it with acm_walk_result_free, then free()).
 * n_regions must be at least 1. */
typedef void (*acm_walk_cb)(void *ctx, struct acm_walk_result *r);

struct aws_op *acm_walk(struct aws_client *c, char *const *regions, size_t n_regions, int64_t now,
			acm_walk_cb cb, void *ctx);
void acm_walk_result_free(struct acm_walk_result *r);

#endif
