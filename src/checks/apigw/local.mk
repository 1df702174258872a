# The API Gateway custom domain check: apigw_int.h says which file does what.
libacmd_a_SOURCES += src/checks/apigw/apigw_check.c src/checks/apigw/apigw_check.h \
	src/checks/apigw/apigw_int.h src/checks/apigw/apigw_domain.c \
	src/checks/apigw/apigw_url.c src/checks/apigw/apigw_names.c \
	src/checks/apigw/apigw_clients.c src/checks/apigw/apigw_clients.h \
	src/checks/apigw/apigw_probe.c src/checks/apigw/apigw_dns.c \
	src/checks/apigw/apigw_eval.c src/checks/apigw/apigw_judge.c \
	src/checks/apigw/apigw_words.c src/checks/apigw/apigw_plan.c
