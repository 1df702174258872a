/* DNS providers: recognising them from a zone's NS set, and rendering a
 * change_plan as what their users paste (dashboard fields, API calls,
 * Terraform, zone-file lines).
 *
 * Everything provider-specific lives in data/providers/<id>.tmpl, parsed
 * lazily on first use and freed at exit. File format (line based):
 *
 *   # comment                 only before the first template
 *   id: cloudflare            must match the file name
 *   title: Cloudflare
 *   inherit: zonefile         formats this file lacks come from that provider
 *   ttl-min: 60               TTLs of new records are raised to this
 *   ns: \.ns\.cloudflare\.com$
 *                             one POSIX ERE per line, matched with
 *                             REG_EXTENDED|REG_ICASE against each NS name in
 *                             lower case without its trailing dot
 *   hint: text                one line of advice, in order ({{#hints}}{{line}})
 *   map: NAME KEY = VALUE     an entry of map NAME for the map:NAME filter
 *
 *   @@ FORMAT                 the frame of FORMAT: wraps the rendered RRsets,
 *                             which it gets as the list sets, each with its
 *                             text (final newline removed, so a frame puts
 *                             {{text}} on a line of its own); without a
 *                             frame each text is printed as one line
 *   @@ FORMAT TYPE            renders one RRset change of TYPE ("CAA",
 *                             "CNAME", "TXT", or "*" for any type)
 *
 * A template runs to the next "@@ " line; trailing blank lines are dropped.
 * The template language is described in template.h; the variables are:
 *   everywhere   title, hints[line], zone (no dot, "" if unknown), zone_dot,
 *                zone_known, zone_id and zone_id_known (the provider's id of
 *                the zone: a Route 53 hosted zone found through the AWS
 *                API), has_caa, has_cname, has_txt (any set of that
 *                type), sets (frame only: the RRset items, each with text)
 *   per RRset    type, name (no dot), name_dot, rel (relative to the zone,
 *                "@" at the apex; the full name without dot if the zone is
 *                unknown), apex, ttl, ttl_existing, set_first, set_last,
 *                set_index, has_existing, has_adds, has_deletes, has_kept,
 *                final_empty, and the record lists existing, adds, deletes,
 *                kept (existing values that stay), final (what the RRset
 *                holds afterwards) and changes (deletes then adds, each
 *                with the booleans delete and add), has_replaced and
 *                replaced_sets (records of other types at the name that
 *                must go first, one item per type: type, ttl, name...,
 *                records)
 *   per record   name, name_dot, rel, type, ttl, data (zone-file rdata);
 *                CAA also flags, tag, value (value escaped as in zone files)
 * Sets whose final content is empty come first, so that a conflicting record
 * is gone before a CNAME is added at its name. */
#ifndef ACMD_PROVIDER_H
#define ACMD_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>

struct change_plan;
struct provider;
struct strbuf;

const struct provider *provider_get(const char *id);
size_t provider_count(void);
const struct provider *provider_at(size_t i);
const char *provider_id(const struct provider *p);
const char *provider_title(const struct provider *p);
/* The format names p renders ("dashboard", "api", "terraform", "zone"), in
 * the order of its file; *out stays valid until exit. */
size_t provider_formats(const struct provider *p, const char *const **out);
bool provider_has_format(const struct provider *p, const char *format);

/* The provider that serves a zone, from its NS names (presentation form,
 * trailing dot optional, any case). Returns it when every name, or a strict
 * majority, matches it; NULL when none does or there is no majority. *mixed
 * (may be NULL) is set when the names belong to more than one provider,
 * counting unrecognised names as one more. */
const struct provider *provider_detect(const char *const *ns_names, size_t n,
				       bool *mixed);

/* Append the rendering of plan in format to out. Returns 0, or -1 with err
 * set (unknown format, no template for a record type, template error). */
int provider_render(const struct provider *p, const char *format,
		    const struct change_plan *plan, struct strbuf *out,
		    char *err, size_t errlen);

/* Every format of p in provider_formats order: visit gets each rendering,
 * or NULL text and why it failed. The data tree is built once for all of
 * them, so this costs little more than one provider_render. */
typedef void (*provider_visit)(void *ctx, const char *format, const char *text, const char *err);
void provider_render_each(const struct provider *p, const struct change_plan *plan,
			  provider_visit visit, void *ctx);

/* The first problem met while loading the provider files (a file that does
 * not parse is left out), or NULL. */
const char *provider_load_error(void);

#endif
