/* RDAP domain answers and the bootstrap file (rdap.h). Field names and
 * their meaning: RFC 9083 (objects, vCard in jCard form, status values
 * and events), RFC 9537 (the "redacted" member), RFC 9224 (bootstrap). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strv.h"
#include "core/xalloc.h"
#include "net/rdap.h"

bool
rdap_json_too_deep(const char *buf, size_t len, int max)
{
	int depth = 0;
	bool in_str = false;
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				return true;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return false;
}

static cJSON *
parse_bounded(const char *buf, size_t len, char *err, size_t errlen)
{
	if (len > RDAP_MAX_BYTES) {
		snprintf(err, errlen, _("the document is larger than %d bytes"), RDAP_MAX_BYTES);
		return NULL;
	}
	if (rdap_json_too_deep(buf, len, RDAP_MAX_DEPTH)) {
		snprintf(err, errlen, _("the document is nested deeper than %d levels"), RDAP_MAX_DEPTH);
		return NULL;
	}
	cJSON *root = cJSON_ParseWithLength(buf, len);
	if (!root)
		snprintf(err, errlen, "%s", _("the document is not valid JSON"));
	return root;
}

static char *
text_of(const cJSON *v)
{
	return cJSON_IsString(v) && v->valuestring ? san_str(v->valuestring, RDAP_MAX_TEXT, 0) : NULL;
}

/* A domain name as RDAP writes it: lower case, no trailing dot. */
static char *
name_of(const cJSON *v)
{
	char *s = text_of(v);
	if (!s)
		return NULL;
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	size_t n = strlen(s);
	if (n > 1 && s[n - 1] == '.')
		s[n - 1] = '\0';
	return s;
}

static bool
has_role(const cJSON *entity, const char *role)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(entity, "roles"))
		if (cJSON_IsString(r) && !strcasecmp(r->valuestring, role))
			return true;
	return false;
}

/* The vCard property prop of an entity (jCard: ["vcard", [[name, {}, type,
 * value], ...]]): its value when it is a string. */
static const cJSON *
vcard_value(const cJSON *entity, const char *prop)
{
	const cJSON *vc = cJSON_GetObjectItemCaseSensitive(entity, "vcardArray");
	const cJSON *props = cJSON_GetArrayItem(vc, 1);
	const cJSON *p;
	cJSON_ArrayForEach(p, props) {
		const cJSON *name = cJSON_GetArrayItem(p, 0);
		if (cJSON_IsString(name) && !strcasecmp(name->valuestring, prop))
			return cJSON_GetArrayItem(p, 3);
	}
	return NULL;
}

/* Does any string in the vCard say it was redacted (the ICANN Temporary
 * Specification's "REDACTED FOR PRIVACY", registries' variants)? */
static bool
vcard_redacted(const cJSON *entity)
{
	const cJSON *props = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(entity, "vcardArray"), 1);
	const cJSON *p;
	cJSON_ArrayForEach(p, props) {
		const cJSON *v = cJSON_GetArrayItem(p, 3);
		if (cJSON_IsString(v) && v->valuestring &&
		    (strstr(v->valuestring, "REDACTED") || strstr(v->valuestring, "Redacted") ||
		     strstr(v->valuestring, "redacted")))
			return true;
	}
	return false;
}

static void
read_entities(const cJSON *entities, struct rdap_domain *d, int depth)
{
	const cJSON *e;
	if (depth > 3)
		return;
	cJSON_ArrayForEach(e, entities) {
		if (has_role(e, "registrar") && !d->registrar) {
			d->registrar = text_of(vcard_value(e, "fn"));
			const cJSON *id;
			cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(e, "publicIds"))
				if (!d->registrar_iana_id)
					d->registrar_iana_id = text_of(cJSON_GetObjectItemCaseSensitive(id, "identifier"));
		} else if (vcard_redacted(e)) {
			d->redacted = true;
		}
		read_entities(cJSON_GetObjectItemCaseSensitive(e, "entities"), d, depth + 1);
	}
}

static void
read_lists(const cJSON *root, struct rdap_domain *d)
{
	const cJSON *v;
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(root, "status")) {
		char *s = d->n_status < RDAP_MAX_LIST ? text_of(v) : NULL;
		if (s)
			d->status = xrealloc(d->status, (d->n_status + 1) * sizeof *d->status),
			d->status[d->n_status++] = s;
	}
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(root, "nameservers")) {
		char *s = d->n_nameservers < RDAP_MAX_LIST ?
			  name_of(cJSON_GetObjectItemCaseSensitive(v, "ldhName")) : NULL;
		if (s)
			d->nameservers = xrealloc(d->nameservers, (d->n_nameservers + 1) * sizeof *d->nameservers),
			d->nameservers[d->n_nameservers++] = s;
	}
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(root, "events")) {
		const cJSON *act = cJSON_GetObjectItemCaseSensitive(v, "eventAction");
		const cJSON *date = cJSON_GetObjectItemCaseSensitive(v, "eventDate");
		if (!cJSON_IsString(act))
			continue;
		if (!strcmp(act->valuestring, "expiration") && !d->expiration)
			d->expiration = text_of(date);
		else if (!strcmp(act->valuestring, "registration") && !d->registration)
			d->registration = text_of(date);
	}
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(root, "rdapConformance"))
		if (cJSON_IsString(v) && !strcmp(v->valuestring, "redacted"))
			d->redacted = d->redacted_rfc9537 = true;
	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "redacted")) > 0)
		d->redacted = d->redacted_rfc9537 = true;
}

bool
rdap_domain_parse(const char *buf, size_t len, struct rdap_domain *d, char *err, size_t errlen)
{
	memset(d, 0, sizeof *d);
	cJSON *root = parse_bounded(buf, len, err, errlen);
	if (!root)
		return false;
	bool ok = true;
	const cJSON *oc = cJSON_GetObjectItemCaseSensitive(root, "objectClassName");
	const cJSON *ec = cJSON_GetObjectItemCaseSensitive(root, "errorCode");
	if (!cJSON_IsObject(root)) {
		snprintf(err, errlen, "%s", _("the document is not a JSON object"));
		ok = false;
	} else if (cJSON_IsNumber(ec)) {
		d->is_error = true;
		d->error_code = ec->valuedouble >= 0 && ec->valuedouble < 1000 ? (int)ec->valuedouble : 0;
		d->error_title = text_of(cJSON_GetObjectItemCaseSensitive(root, "title"));
	} else if (!cJSON_IsString(oc) || strcmp(oc->valuestring, "domain")) {
		snprintf(err, errlen, "%s", _("the document is not an RDAP domain object"));
		ok = false;
	} else {
		d->ldh_name = name_of(cJSON_GetObjectItemCaseSensitive(root, "ldhName"));
		d->handle = text_of(cJSON_GetObjectItemCaseSensitive(root, "handle"));
		read_lists(root, d);
		read_entities(cJSON_GetObjectItemCaseSensitive(root, "entities"), d, 0);
	}
	cJSON_Delete(root);
	if (!ok)
		rdap_domain_free(d);
	return ok;
}

void
rdap_domain_free(struct rdap_domain *d)
{
	free(d->error_title);
	free(d->ldh_name);
	free(d->handle);
	free(d->registrar);
	free(d->registrar_iana_id);
	strv_free(d->status, d->n_status);
	strv_free(d->nameservers, d->n_nameservers);
	free(d->expiration);
	free(d->registration);
	memset(d, 0, sizeof *d);
}

bool
rdap_status_is_hold(const char *s)
{
	/* RFC 8056 maps EPP's clientHold/serverHold to "client hold" and
	 * "server hold"; some servers send the EPP spelling. */
	return !strcasecmp(s, "client hold") || !strcasecmp(s, "server hold") ||
	       !strcasecmp(s, "clientHold") || !strcasecmp(s, "serverHold");
}

static bool
url_usable(const char *u)
{
	return u && !strncasecmp(u, "https://", 8) && strlen(u) < 400 && san_is_clean(u, strlen(u));
}

char *
rdap_bootstrap_lookup(const char *buf, size_t len, const char *tld, char **publication,
		      char *err, size_t errlen)
{
	err[0] = '\0';
	if (publication)
		*publication = NULL;
	cJSON *root = parse_bounded(buf, len, err, errlen);
	if (!root)
		return NULL;
	const cJSON *services = cJSON_GetObjectItemCaseSensitive(root, "services");
	if (!cJSON_IsArray(services)) {
		snprintf(err, errlen, "%s", _("the bootstrap file has no \"services\" list"));
		cJSON_Delete(root);
		return NULL;
	}
	if (publication)
		*publication = text_of(cJSON_GetObjectItemCaseSensitive(root, "publication"));
	char *found = NULL;
	const cJSON *svc;
	cJSON_ArrayForEach(svc, services) {
		const cJSON *t, *u;
		bool match = false;
		cJSON_ArrayForEach(t, cJSON_GetArrayItem(svc, 0))
			match |= cJSON_IsString(t) && !strcasecmp(t->valuestring, tld);
		if (!match)
			continue;
		cJSON_ArrayForEach(u, cJSON_GetArrayItem(svc, 1))
			if (!found && cJSON_IsString(u) && url_usable(u->valuestring)) {
				size_t n = strlen(u->valuestring);
				found = xmalloc(n + 2);
				memcpy(found, u->valuestring, n + 1);
				if (n && found[n - 1] != '/')
					strcpy(found + n, "/");
			}
		break;
	}
	cJSON_Delete(root);
	return found ? found : xstrdup("");
}
