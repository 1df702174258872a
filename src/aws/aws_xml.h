/* The little XML that Route 53 (rest-xml) and STS (query) answer with: a
 * tree of elements and their text, namespaces dropped (local names only),
 * attributes skipped. Hostile input: no DTD is accepted (so no entity can
 * expand), nesting, size and element count are bounded, character
 * references must be valid Unicode scalar values, and anything malformed
 * is refused with the byte offset. A libFuzzer harness replays its corpus
 * in make check (tests/fuzz/fuzz_aws_xml.c). */
#ifndef ACMD_AWS_XML_H
#define ACMD_AWS_XML_H

#include <stddef.h>

#define AWS_XML_MAX_BYTES (8u * 1024u * 1024u)
#define AWS_XML_MAX_DEPTH 32
#define AWS_XML_MAX_NODES 200000

struct aws_xml_node {
	char *name;                 /* local name: "HostedZone" */
	char *text;                 /* the element's own text, decoded; "" if none */
	size_t text_len;            /* no NUL inside: refused (also as &#0;) */
	struct aws_xml_node *child, *next, *parent;
};

/* The root element, or NULL with err ("byte 12: expected '>'"). */
struct aws_xml_node *aws_xml_parse(const char *buf, size_t len, char *err, size_t errlen);
void aws_xml_free(struct aws_xml_node *root);

/* The first child of n named name, or NULL. */
const struct aws_xml_node *aws_xml_child(const struct aws_xml_node *n, const char *name);
/* The next sibling of n with the same name, or NULL. */
const struct aws_xml_node *aws_xml_next(const struct aws_xml_node *n);
/* Follow "A/B/C" from n (each step: the first child of that name). */
const struct aws_xml_node *aws_xml_path(const struct aws_xml_node *n, const char *path);
/* The text at path, or NULL when the element is absent. */
const char *aws_xml_text(const struct aws_xml_node *n, const char *path);

#endif
