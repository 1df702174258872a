PROVIDER_FILES = data/providers/cloudflare.tmpl data/providers/godaddy.tmpl \
	data/providers/route53.tmpl data/providers/zonefile.tmpl
