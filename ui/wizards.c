/* The home screen's entries and the demo lab's sample domains: data, so
 * that a new wizard or scenario is a new row. */
#include "config.h"

#include "aws.h"
#include "cert.h"
#include "core/i18n.h"
#include "ui.h"

static void
cert_title(const struct ui *ui, char *buf, size_t len)
{
	ui_cert_title(ui->cert, buf, len);
}

const struct wizard ui_wizards[] = {
	/* Only with AWS credentials: the account's certificates, read from ACM. */
	{ "mine", N_("My certificates (read from ACM with your AWS credentials)"),
	  N_("My certificates"),
	  N_("Lists the certificates of your account that need attention, worst first; Enter opens one, r reads it again."),
	  &screen_certs, &screen_cert_names, ui_aws_available, NULL, NULL },
	/* TRANSLATORS: home screen entries; keep each within 56 columns */
	{ "caa", N_("CAA blocks Amazon (certificate FAILED with CAA_ERROR)"),
	  /* TRANSLATORS: title bar crumbs; keep each within 20 columns */
	  N_("CAA blocks Amazon"),
	  N_("Finds the CAA records that keep Amazon from issuing, and the record to add."),
	  &screen_names, NULL, NULL, NULL, NULL },
	{ "cert", N_("Certificate stuck in Pending validation"),
	  N_("Certificate"),
	  N_("Reads the certificate as ACM describes it and checks every validation record and CAA."),
	  &screen_cert, &screen_cert_names, NULL, cert_title, NULL },
	{ "email", N_("Validation email never arrived / NO_AVAILABLE_CONTACTS"),
	  N_("Validation email"),
	  N_("Finds where ACM's validation mail goes (MX, SMTP, registration) and the quickest way out."),
	  &screen_names, NULL, NULL, NULL, NULL },
	{ "apigw", N_("API Gateway custom domain shows the wrong certificate"),
	  N_("API Gateway"),
	  N_("Follows the name to its target, connects with the name as SNI, asks who answers, and shows the record to change."),
	  &screen_apigw, &screen_apigw_cert, NULL, NULL, ui_apigw_prepare },
	{ "list", N_("Check a list of names"), N_("List of names"),
	  N_("Loads a file of names and checks them all at once; the worst come first, and any opens in its wizard."),
	  &screen_list, NULL, NULL, NULL, NULL },
	/* "all" stays last: the direct start and the demo domains use it. */
	{ "all", N_("Diagnose a domain (run every check)"), N_("Diagnose"),
	  N_("Runs every check acm-doctor has on the names of your certificate request."),
	  &screen_names, NULL, NULL, NULL, ui_apigw_prepare_all },
};
const size_t ui_n_wizards = sizeof ui_wizards / sizeof ui_wizards[0];

const struct demo_domain ui_demo_domains[] = {
	{ "example.test", N_("healthy: Amazon is allowed") },
	{ "caa-le.test", N_("Route 53 zone allows only Let's Encrypt") },
	{ "cf-zone.test", N_("Cloudflare zone with its hidden CA set") },
	{ "gd-zone.test", N_("GoDaddy zone that blocks Amazon") },
	{ "caa-wild.test", N_("issuewild blocks the wildcard") },
	{ "caa-crit.test", N_("critical flag on an unknown tag") },
	{ "www.caa-cname.test", N_("CAA reached through an alias") },
	{ "shop.corp", N_("the TLD's CAA set decides") },
	{ "caa-servfail.test", N_("the CAA lookup fails (SERVFAIL)") },
	{ "caa-drop.test", N_("the server drops CAA queries (slow)") },
	{ "hostile.test", N_("escape sequences in CAA values") },
};
const size_t ui_n_demo_domains = sizeof ui_demo_domains / sizeof ui_demo_domains[0];
