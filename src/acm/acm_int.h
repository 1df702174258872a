/* Inside the acm layer: what its files share and nobody else needs.
 *
 *   acm_cert.c     describe-certificate output into struct acm_cert
 *   acm_partial.c  the parts of that output `--query` prints, made whole
 *   acm_list.c     list-certificates output, and which certificates need
 *                  attention, worst first
 *   acm_route.c    Status and FailureReason to findings and probes */
#ifndef ACMD_ACM_INT_H
#define ACMD_ACM_INT_H

#include <cjson/cJSON.h>

/* When root is a part of describe-certificate's output (the array or one
 * element of DomainValidationOptions, of their ResourceRecords, or an
 * object with only DomainValidationOptions), a new detail object built
 * from it, without Status; NULL when it is not (the whole output, or
 * something else: the caller's parser then says what is wrong). */
cJSON *acm_partial_detail(const cJSON *root);

#endif
