/* Parts of describe-certificate's output, as `aws acm describe-certificate
 * --query ...` prints them, turned back into the detail they came from so
 * that acm_cert.c reads them like the whole (see acm_int.h):
 *
 *   --query Certificate.DomainValidationOptions          [ {DomainName, ...}, ... ]
 *   --query Certificate.DomainValidationOptions[0]       {DomainName, ValidationMethod, ...}
 *   --query 'Certificate.DomainValidationOptions[].ResourceRecord'   [ {Name, Type, Value}, ... ]
 *   --query 'Certificate.DomainValidationOptions[0].ResourceRecord'  {Name, Type, Value}
 *   --query 'Certificate.{DomainValidationOptions: DomainValidationOptions}'
 *
 * A ResourceRecord alone does not say which name it validates: its name
 * without the first label ("_x.example.com." validates "example.com.",
 * and the wildcard "*.example.com." shares it). */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "acm/acm_int.h"

static bool
has(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key) != NULL;
}

static bool
is_record(const cJSON *o)
{
	return cJSON_IsObject(o) && has(o, "Name") && has(o, "Value") && !has(o, "DomainName");
}

static bool
is_validation(const cJSON *o)
{
	return cJSON_IsObject(o) && has(o, "DomainName") && !has(o, "Status") && !has(o, "CertificateArn") &&
	       (has(o, "ValidationMethod") || has(o, "ResourceRecord") || has(o, "ValidationStatus") ||
		has(o, "ValidationDomain") || has(o, "ValidationEmails"));
}

/* A DomainValidation element made from a ResourceRecord alone. */
static cJSON *
validation_of_record(const cJSON *rr)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(rr, "Name");
	cJSON *dv = cJSON_CreateObject();
	if (cJSON_IsString(name)) {
		const char *dot = strchr(name->valuestring, '.');
		cJSON_AddStringToObject(dv, "DomainName", dot && dot[1] ? dot + 1 : name->valuestring);
	} else {
		/* let the parser say what is wrong with the record's name */
		cJSON_AddItemToObject(dv, "DomainName", cJSON_Duplicate(name, true));
	}
	cJSON_AddStringToObject(dv, "ValidationMethod", "DNS");
	cJSON_AddItemToObject(dv, "ResourceRecord", cJSON_Duplicate(rr, true));
	return dv;
}

/* The detail around a DomainValidationOptions array (taken over). */
static cJSON *
detail_of(cJSON *dvos)
{
	cJSON *d = cJSON_CreateObject();
	const cJSON *first = cJSON_GetArrayItem(dvos, 0);
	const cJSON *dn = cJSON_GetObjectItemCaseSensitive(first, "DomainName");
	cJSON_AddItemToObject(d, "DomainName", cJSON_Duplicate(dn, true));
	cJSON *sans = cJSON_AddArrayToObject(d, "SubjectAlternativeNames");
	const cJSON *el;
	cJSON_ArrayForEach(el, dvos) {
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(el, "DomainName");
		if (cJSON_IsString(n))
			cJSON_AddItemToArray(sans, cJSON_CreateString(n->valuestring));
	}
	cJSON_AddItemToObject(d, "DomainValidationOptions", dvos);
	return d;
}

static cJSON *
from_array(const cJSON *root)
{
	const cJSON *first = cJSON_GetArrayItem(root, 0), *el;
	if (!first)
		return NULL;
	bool records = is_record(first);
	if (!records && !is_validation(first))
		return NULL;
	cJSON *dvos = cJSON_CreateArray();
	cJSON_ArrayForEach(el, root)
		cJSON_AddItemToArray(dvos, records && is_record(el) ? validation_of_record(el)
					   : cJSON_Duplicate(el, true));
	return detail_of(dvos);
}

cJSON *
acm_partial_detail(const cJSON *root)
{
	if (cJSON_IsArray(root))
		return from_array(root);
	if (!cJSON_IsObject(root) || has(root, "Certificate") || has(root, "CertificateSummaryList"))
		return NULL;
	if (is_record(root)) {
		cJSON *dvos = cJSON_CreateArray();
		cJSON_AddItemToArray(dvos, validation_of_record(root));
		return detail_of(dvos);
	}
	if (is_validation(root)) {
		cJSON *dvos = cJSON_CreateArray();
		cJSON_AddItemToArray(dvos, cJSON_Duplicate(root, true));
		return detail_of(dvos);
	}
	const cJSON *dvos = cJSON_GetObjectItemCaseSensitive(root, "DomainValidationOptions");
	if (cJSON_IsArray(dvos) && cJSON_GetArraySize(dvos) > 0 && !has(root, "DomainName") &&
	    !has(root, "Status"))
		return from_array(dvos);
	return NULL;
}
