# Provider files (see src/provider.h for their format). Detection tries them
# in this order; zonefile, the fallback every other file inherits, comes last.
PROVIDER_FILES = data/providers/cloudflare.tmpl data/providers/godaddy.tmpl \
	data/providers/route53.tmpl data/providers/namecheap.tmpl \
	data/providers/gcloud.tmpl data/providers/azure.tmpl \
	data/providers/digitalocean.tmpl data/providers/porkbun.tmpl \
	data/providers/hetzner.tmpl data/providers/ovh.tmpl \
	data/providers/gandi.tmpl data/providers/zonefile.tmpl
