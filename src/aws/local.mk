# aws: the AWS APIs acm-doctor reads (ACM, API Gateway, Route 53, STS), the
# credential chain, and libcurl on the event loop.
libacmd_a_SOURCES += \
	src/aws/aws_secret.c src/aws/aws_secret.h src/aws/aws_ini.c src/aws/aws_ini.h \
	src/aws/aws_xml.c src/aws/aws_xml.h src/aws/aws_config.c src/aws/aws_config.h \
	src/aws/aws_error.c src/aws/aws_error.h src/aws/aws_http.c src/aws/aws_http.h \
	src/aws/aws_client.c src/aws/aws_client.h src/aws/aws_int.h src/aws/aws_query.c \
	src/aws/aws_creds.c src/aws/aws_process.c src/aws/aws_sts.c \
	src/aws/aws_container.c src/aws/aws_imds.c \
	src/aws/aws_acm.c src/aws/aws_acm.h src/aws/aws_route53.c src/aws/aws_route53.h \
	src/aws/aws_apigw.c src/aws/aws_apigw.h

check_PROGRAMS += tests/src/aws/test_aws
TESTS += tests/src/aws/test_aws
tests_src_aws_test_aws_SOURCES = tests/src/aws/test_aws.c tests/src/testutil.h
tests_src_aws_test_aws_LDADD = $(ENGINE_LIBS)

# Driven by tests/e2e/aws-check.test against the lab's AWS endpoint.
check_PROGRAMS += tests/src/aws/run_aws_client
tests_src_aws_run_aws_client_SOURCES = tests/src/aws/run_aws_client.c
tests_src_aws_run_aws_client_LDADD = $(ENGINE_LIBS)
