/* Route 53 hosted zones (see aws_route53.h). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/aws_route53.h"
#include "aws/aws_xml.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strv.h"
#include "core/xalloc.h"

struct zones_op {
	struct aws_op base;
	struct aws_client *c;
	struct aws_call *call;
	char *domain;
	struct aws_hosted_zones z;
	size_t next_ns;             /* the zone whose name servers come next */
	int pages;
	aws_zones_cb cb;
	void *ctx;
};

void
aws_hosted_zones_clear(struct aws_hosted_zones *z)
{
	for (size_t i = 0; i < z->n; i++) {
		free(z->v[i].id);
		free(z->v[i].name);
		strv_free(z->v[i].ns, z->v[i].n_ns);
	}
	free(z->v);
	memset(z, 0, sizeof *z);
}

static void
op_free(struct zones_op *op)
{
	aws_call_cancel(op->call);
	aws_hosted_zones_clear(&op->z);
	free(op->domain);
	free(op);
}

static void
op_cancel(struct aws_op *o)
{
	op_free((struct zones_op *)o);
}

static void
op_done(struct zones_op *op, const struct aws_error *err)
{
	op->call = NULL;
	op->cb(op->ctx, err ? NULL : &op->z, err);
	op_free(op);
}

static void
bad_answer(struct zones_op *op, const char *action, const char *what)
{
	struct aws_error e;
	memset(&e, 0, sizeof e);
	snprintf(e.action, sizeof e.action, "%s", action);
	aws_error_set(&e, AWS_ERR_BAD_RESPONSE, _("Route 53 answered %s"), what);
	op_done(op, &e);
}

/* A name as we compare them: lower case, one trailing dot, printable. */
static char *
canon(const char *s)
{
	char *c = san_str(s, 300, SAN_ASCII);
	size_t n = strlen(c);
	char *out = xmalloc(n + 2);
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)c[i]);
	out[n] = '\0';
	if (!n || out[n - 1] != '.')
		strcat(out, ".");
	free(c);
	return out;
}

/* Is name the domain or under it? */
static bool
at_or_below(const char *name, const char *domain)
{
	size_t n = strlen(name), d = strlen(domain);
	return n >= d && !strcasecmp(name + n - d, domain) && (n == d || name[n - d - 1] == '.');
}

static void ask_name_servers(struct zones_op *op);
static void list_page(struct zones_op *op, const char *dnsname, const char *zone_id);

static bool
take_zone(struct zones_op *op, const struct aws_xml_node *hz)
{
	const char *id = aws_xml_text(hz, "Id"), *name = aws_xml_text(hz, "Name");
	const char *priv = aws_xml_text(hz, "Config/PrivateZone");
	if (!id || !name || !*id || !*name)
		return false;
	char *cn = canon(name);
	if (!at_or_below(cn, op->domain)) {
		free(cn);
		return true;
	}
	const char *slash = strrchr(id, '/');
	const char *bare = slash ? slash + 1 : id;
	/* zone ids are upper-case letters and digits; anything else is not one */
	if (!*bare || strlen(bare) > 40 || strspn(bare, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != strlen(bare)) {
		free(cn);
		return false;
	}
	op->z.v = xrealloc(op->z.v, (op->z.n + 1) * sizeof *op->z.v);
	struct aws_hosted_zone *z = &op->z.v[op->z.n++];
	memset(z, 0, sizeof *z);
	z->id = xstrdup(bare);
	z->name = cn;
	z->private_zone = priv && !strcasecmp(priv, "true");
	return true;
}

/* An answer's XML, or NULL when the call failed (the operation is then
 * over: op is gone). */
static struct aws_xml_node *
answer(struct zones_op *op, const struct aws_response *r, const struct aws_error *err, bool *failed)
{
	char why[128];
	op->call = NULL;
	*failed = err != NULL;
	if (err) {
		op_done(op, err);
		return NULL;
	}
	return aws_xml_parse(r->body, r->len, why, sizeof why);
}

static void
on_list(void *ctx, const struct aws_response *r, const struct aws_error *err)
{
	struct zones_op *op = ctx;
	bool failed;
	struct aws_xml_node *root = answer(op, r, err, &failed);
	if (failed)
		return;
	const struct aws_xml_node *hz = aws_xml_path(root, "HostedZones/HostedZone");
	bool ok = root != NULL;
	for (; ok && hz; hz = aws_xml_next(hz))
		ok = take_zone(op, hz);
	const char *trunc = aws_xml_text(root, "IsTruncated");
	char *next_name = NULL, *next_id = NULL;
	if (ok && trunc && !strcmp(trunc, "true") && aws_xml_text(root, "NextDNSName") && aws_xml_text(root, "NextHostedZoneId")) {
		next_name = xstrdup(aws_xml_text(root, "NextDNSName"));
		next_id = xstrdup(aws_xml_text(root, "NextHostedZoneId"));
	}
	aws_xml_free(root);
	if (!ok) {
		bad_answer(op, "route53:ListHostedZonesByName", _("a zone list that cannot be read"));
	} else if (next_name && ++op->pages < AWS_ROUTE53_PAGES_MAX && at_or_below(next_name, op->domain)) {
		list_page(op, next_name, next_id);
	} else {
		op->next_ns = 0;
		ask_name_servers(op);
	}
	free(next_name);
	free(next_id);
}

static void
list_page(struct zones_op *op, const char *dnsname, const char *zone_id)
{
	const char *kv[6] = { "dnsname", dnsname, "maxitems", "100" };
	size_t n = 2;
	if (zone_id) {
		kv[4] = "hostedzoneid";
		kv[5] = zone_id;
		n = 3;
	}
	char *q = aws_query_build(kv, n);
	struct aws_request rq = {
		.svc = AWS_SVC_ROUTE53, .action = "route53:ListHostedZonesByName", .method = "GET",
		.path = "/2013-04-01/hostedzonesbyname", .query = q,
	};
	op->call = aws_client_call(op->c, &rq, on_list, op);
	free(q);
}

static void
on_zone(void *ctx, const struct aws_response *r, const struct aws_error *err)
{
	struct zones_op *op = ctx;
	bool failed;
	struct aws_xml_node *root = answer(op, r, err, &failed);
	if (failed)
		return;
	struct aws_hosted_zone *z = &op->z.v[op->next_ns++];
	for (const struct aws_xml_node *ns = aws_xml_path(root, "DelegationSet/NameServers/NameServer");
	     ns && z->n_ns < 13; ns = aws_xml_next(ns)) {
		char *c = canon(ns->text);
		strv_push(&z->ns, &z->n_ns, c);
		free(c);
	}
	bool ok = root != NULL;
	aws_xml_free(root);
	if (!ok)
		bad_answer(op, "route53:GetHostedZone", _("a hosted zone that cannot be read"));
	else
		ask_name_servers(op);
}

/* GetHostedZone of each public zone, one after the other (Route 53's
 * rate limit is five requests a second per account). */
static void
ask_name_servers(struct zones_op *op)
{
	while (op->next_ns < op->z.n && op->z.v[op->next_ns].private_zone)
		op->next_ns++;
	if (op->next_ns >= op->z.n) {
		op_done(op, NULL);
		return;
	}
	char path[128];
	snprintf(path, sizeof path, "/2013-04-01/hostedzone/%s", op->z.v[op->next_ns].id);
	struct aws_request rq = {
		.svc = AWS_SVC_ROUTE53, .action = "route53:GetHostedZone", .method = "GET", .path = path,
	};
	op->call = aws_client_call(op->c, &rq, on_zone, op);
}

struct aws_op *
aws_route53_zones(struct aws_client *c, const char *domain, aws_zones_cb cb, void *ctx)
{
	struct zones_op *op = xcalloc(1, sizeof *op);
	op->base.cancel = op_cancel;
	op->c = c;
	op->domain = canon(domain);
	op->cb = cb;
	op->ctx = ctx;
	list_page(op, op->domain, NULL);
	return &op->base;
}
