/* What the server's certificate says: every verification error, the fields
 * of the leaf, and whether it covers the name asked for.
 *
 * Verification never stops the handshake: a verify callback records every
 * error OpenSSL finds and lets it continue, because SSL_get_verify_result
 * keeps only the last one (an expired certificate for the wrong name would
 * show only the name mismatch). Everything taken from the certificate is
 * sanitised and bounded before it is stored. */
#include "config.h"

#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "core/sanitize.h"
#include "net/tls_probe_int.h"
#include "core/xalloc.h"

/*
 * Verification
 */

/* Keep each distinct (depth, code) once: OpenSSL may report the same problem
 * again while it walks the chain. */
static void
tls_add_verify_error(struct tls_probe *p, int depth, int code)
{
	struct tls_result *res = p->res;
	for (size_t i = 0; i < res->n_errors; i++)
		if (res->errors[i].code == code && (res->errors[i].depth == depth || depth < 0))
			return;
	if (res->n_errors >= TLS_MAX_ERRORS) {
		res->errors_omitted++;
		return;
	}
	res->errors = xgrow(res->errors, &p->alloc_errors, res->n_errors + 1, sizeof *res->errors);
	res->errors[res->n_errors++] = (struct tls_verify_error){
		.depth = depth,
		.code = code,
		.text = san_str(X509_verify_cert_error_string(code), TLS_MAX_ERROR_TEXT, 0),
	};
}

/* Record the problem and always go on, so that one handshake shows every
 * problem and we still get to see the certificate. */
int
tls_verify_cb(int preverify_ok, X509_STORE_CTX *sctx)
{
	if (preverify_ok)
		return 1;
	SSL *ssl = X509_STORE_CTX_get_ex_data(sctx, SSL_get_ex_data_X509_STORE_CTX_idx());
	struct tls_probe *p = ssl ? SSL_get_app_data(ssl) : NULL;
	if (p)
		tls_add_verify_error(p, X509_STORE_CTX_get_error_depth(sctx),
				     X509_STORE_CTX_get_error(sctx));
	return 1;
}

/*
 * Describing the certificate
 */

/* One-line RFC 2253 name. OpenSSL's own escaping of control and non-ASCII
 * bytes is turned off so that san_text does all of it, the same way as for
 * every other field (UTF-8 stays readable, ESC becomes \x1b). */
static char *
tls_dn_text(const X509_NAME *name)
{
	if (!name)
		return NULL;
	BIO *bio = BIO_new(BIO_s_mem());
	if (!bio)
		return NULL;
	unsigned long flags = XN_FLAG_RFC2253 & ~(unsigned long)(ASN1_STRFLGS_ESC_MSB | ASN1_STRFLGS_ESC_CTRL);
	char *out = NULL;
	if (X509_NAME_print_ex(bio, name, 0, flags) >= 0) {
		char *data;
		long len = BIO_get_mem_data(bio, &data);
		out = san_text(len > 0 ? data : "", len > 0 ? (size_t)len : 0, TLS_MAX_DN, 0);
	}
	BIO_free(bio);
	return out;
}

/* The most specific (last) CN, as UTF-8, sanitised. */
static char *
tls_cn_text(const X509_NAME *name)
{
	if (!name)
		return NULL;
	int idx = -1, i;
	while ((i = X509_NAME_get_index_by_NID(name, NID_commonName, idx)) >= 0)
		idx = i;
	if (idx < 0)
		return NULL;
	const ASN1_STRING *s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx));
	unsigned char *utf8 = NULL;
	int len = s ? ASN1_STRING_to_UTF8(&utf8, s) : -1;
	if (len < 0)
		return NULL;
	char *out = san_text((const char *)utf8, (size_t)len, TLS_MAX_NAME, 0);
	OPENSSL_free(utf8);
	return out;
}

static char *
tls_ip_text(const ASN1_OCTET_STRING *ip)
{
	char buf[INET6_ADDRSTRLEN];
	const unsigned char *d = ASN1_STRING_get0_data(ip);
	int len = ASN1_STRING_length(ip);
	if (len == 4 && inet_ntop(AF_INET, d, buf, sizeof buf))
		return xstrdup(buf);
	if (len == 16 && inet_ntop(AF_INET6, d, buf, sizeof buf))
		return xstrdup(buf);
	return san_text("(malformed IP)", 14, 0, 0);
}

/* DNS and IP SANs, at most TLS_MAX_SANS; the rest are only counted. */
static void
tls_collect_sans(struct tls_result *res, X509 *leaf)
{
	GENERAL_NAMES *names = X509_get_ext_d2i(leaf, NID_subject_alt_name, NULL, NULL);
	if (!names)
		return;
	size_t alloc = 0;
	for (int i = 0; i < sk_GENERAL_NAME_num(names); i++) {
		const GENERAL_NAME *gn = sk_GENERAL_NAME_value(names, i);
		if (gn->type != GEN_DNS && gn->type != GEN_IPADD)
			continue;
		if (res->n_sans >= TLS_MAX_SANS) {
			res->sans_omitted++;
			continue;
		}
		char *text;
		if (gn->type == GEN_DNS)
			text = san_text((const char *)ASN1_STRING_get0_data(gn->d.dNSName),
					(size_t)ASN1_STRING_length(gn->d.dNSName), TLS_MAX_NAME, 0);
		else
			text = tls_ip_text(gn->d.iPAddress);
		res->sans = xgrow(res->sans, &alloc, res->n_sans + 1, sizeof *res->sans);
		res->sans[res->n_sans++] = text;
	}
	GENERAL_NAMES_free(names);
}

/* ISO 8601 UTC text and seconds since the epoch. */
static void
tls_time(const ASN1_TIME *t, char **iso, int64_t *epoch)
{
	struct tm tm;
	if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
		return;
	char buf[64];
	if (strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
		*iso = xstrdup(buf);
	ASN1_TIME *zero = ASN1_TIME_set(NULL, 0);
	int days = 0, secs = 0;
	if (zero && ASN1_TIME_diff(&days, &secs, zero, t))
		*epoch = (int64_t)days * 86400 + secs;
	ASN1_TIME_free(zero);
}

static char *
tls_serial_text(const X509 *leaf)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(leaf), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	char *out = hex ? san_str(hex, 128, 0) : NULL;
	OPENSSL_free(hex);
	BN_free(bn);
	return out;
}

static char *
tls_fingerprint_text(const X509 *leaf)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	if (X509_digest(leaf, EVP_sha256(), md, &len) != 1)
		return NULL;
	char *out = xmalloc(len * 3 + 1);
	for (unsigned i = 0; i < len; i++)
		snprintf(out + i * 3, 4, "%02X:", md[i]);
	out[len ? len * 3 - 1 : 0] = '\0';    /* drop the last colon */
	return out;
}

static void
tls_describe_cert(struct tls_result *res, X509 *leaf)
{
	res->subject = tls_dn_text(X509_get_subject_name(leaf));
	res->subject_cn = tls_cn_text(X509_get_subject_name(leaf));
	res->issuer = tls_dn_text(X509_get_issuer_name(leaf));
	res->issuer_cn = tls_cn_text(X509_get_issuer_name(leaf));
	tls_collect_sans(res, leaf);
	tls_time(X509_get0_notBefore(leaf), &res->not_before, &res->not_before_epoch);
	tls_time(X509_get0_notAfter(leaf), &res->not_after, &res->not_after_epoch);
	/* Checked here too: the verify callback reports expiry only when the
	 * chain got far enough to look at the dates. */
	res->expired = X509_cmp_current_time(X509_get0_notAfter(leaf)) < 0;
	res->not_yet_valid = X509_cmp_current_time(X509_get0_notBefore(leaf)) > 0;
	res->serial_hex = tls_serial_text(leaf);
	res->sha256_fingerprint = tls_fingerprint_text(leaf);
}

/* Does the leaf cover the name we asked for, and through which SAN (or CN)? */
static void
tls_check_name(struct tls_probe *p, X509 *leaf)
{
	struct tls_result *res = p->res;
	if (!p->sni)
		return;
	res->name_checked = true;
	if (p->sni_is_ip) {
		res->name_matches = X509_check_ip_asc(leaf, p->sni, 0) == 1;
		if (res->name_matches)
			res->matched_name = san_str(p->sni, TLS_MAX_NAME, 0);
		return;
	}
	char *peer = NULL;
	res->name_matches = X509_check_host(leaf, p->sni, strlen(p->sni),
					    X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, &peer) == 1;
	if (res->name_matches)
		res->matched_name = san_str(peer ? peer : p->sni, TLS_MAX_NAME, 0);
	OPENSSL_free(peer);
}

/* The chain as sent, leaf first, bounded. */
static void
tls_describe_chain(struct tls_result *res, STACK_OF(X509) *chain)
{
	int n = chain ? sk_X509_num(chain) : 0;
	if (n > TLS_MAX_CHAIN)
		n = TLS_MAX_CHAIN;
	res->chain = n ? xcalloc((size_t)n, sizeof *res->chain) : NULL;
	for (int i = 0; i < n; i++) {
		X509 *x = sk_X509_value(chain, i);
		struct tls_chain_cert *c = &res->chain[res->n_chain++];
		const X509_NAME *sub = X509_get_subject_name(x), *iss = X509_get_issuer_name(x);
		c->subject = tls_cn_text(sub);
		if (!c->subject)
			c->subject = tls_dn_text(sub);
		c->issuer = tls_cn_text(iss);
		if (!c->issuer)
			c->issuer = tls_dn_text(iss);
		int64_t epoch = 0;
		tls_time(X509_get0_notAfter(x), &c->not_after, &epoch);
		c->self_issued = X509_NAME_cmp(sub, iss) == 0;
	}
}

/* Describe the server's certificate if one came; false if none did. */
bool
tls_describe_peer(struct tls_probe *p)
{
	struct tls_result *res = p->res;
	X509 *leaf = SSL_get1_peer_certificate(p->ssl);
	if (!leaf)
		return false;
	res->have_cert = true;
	if (!res->protocol)
		res->protocol = san_str(SSL_get_version(p->ssl), 64, 0);
	STACK_OF(X509) *chain = SSL_get_peer_cert_chain(p->ssl);
	res->chain_len = chain ? sk_X509_num(chain) : 1;
	if (!res->chain)
		tls_describe_chain(res, chain);
	tls_describe_cert(res, leaf);
	tls_check_name(p, leaf);
	/* A safety net: anything the callback did not see still counts. */
	long vr = SSL_get_verify_result(p->ssl);
	if (vr != X509_V_OK)
		tls_add_verify_error(p, -1, (int)vr);
	X509_free(leaf);
	return true;
}
