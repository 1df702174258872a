# shellcheck shell=bash
# Helpers of acm-doctor's own AWS tests (tests/e2e/aws-*.test), after
# testlib.sh and awslib.sh:
#
#   aws_check_start [--link-local]   the endpoint with tests/aws/fixtures/
#                     check.json, its dates made relative to now: pending
#                     certificates created 2 h ago, the failed one 26 h ago,
#                     the imported one expiring in 10 days
#   cred_run [VAR=value]... -- ARGS...   acm-doctor ARGS with exactly these
#                     AWS credential variables (IMDS off unless given); its
#                     outputs are kept for the final leak scan
#   assert_no_leaks   no canary secret in anything acm-doctor printed or
#                     wrote, and nothing written to its HOME
#   again             true under check-valgrind: the runs so marked take a
#                     path an earlier run took already, and are left out
#                     there (each costs seconds under valgrind)
#
# ARN_* name the fixture's certificates; LAB_USER holds the allowed user's
# key variables (VAR=value words for cred_run and export).

ACCT=111122223333
ARN_MISSING=arn:aws:acm:us-east-1:$ACCT:certificate/0a1b2c3d-0000-4000-8000-000000000101
ARN_WRONGZONE=arn:aws:acm:us-east-1:$ACCT:certificate/0a1b2c3d-0000-4000-8000-000000000102
ARN_GODADDY=arn:aws:acm:us-east-1:$ACCT:certificate/0a1b2c3d-0000-4000-8000-000000000103
ARN_FAILED=arn:aws:acm:us-east-1:$ACCT:certificate/0a1b2c3d-0000-4000-8000-000000000104
ARN_ISSUED=arn:aws:acm:us-east-1:$ACCT:certificate/0a1b2c3d-0000-4000-8000-000000000105
ARN_EXPIRING=arn:aws:acm:eu-west-1:$ACCT:certificate/0a1b2c3d-0000-4000-8000-0000000001e1
ARN_DOUBLED=arn:aws:acm:eu-west-1:$ACCT:certificate/0a1b2c3d-0000-4000-8000-0000000001e2
USER_KEY=AKIACANARYLABUSER001
USER_SECRET=CANARYSECRETlabUser0001aaaaaaaaaaaaaaaaa
LAB_USER=("AWS_ACCESS_KEY_ID=$USER_KEY" "AWS_SECRET_ACCESS_KEY=$USER_SECRET")

aws_check_start() {
    local now created failed expires
    now=$(date -u +%s)
    created=$(date -u -d "@$((now - 7200))" +%Y-%m-%dT%H:%M:%S+00:00)
    failed=$(date -u -d "@$((now - 26 * 3600))" +%Y-%m-%dT%H:%M:%S+00:00)
    expires=$(date -u -d "@$((now + 10 * 86400 + 3600))" +%Y-%m-%dT%H:%M:%S+00:00)
    jq --arg c "$created" --arg f "$failed" --arg e "$expires" '
        .accounts["111122223333"].acm_certificates |= map(
            if .Status == "PENDING_VALIDATION" then .CreatedAt = $c
            elif .Status == "FAILED" then .CreatedAt = $f
            elif .Type == "IMPORTED" then .NotAfter = $e else . end)' \
        "$TESTS_SRCDIR/aws/fixtures/check.json" >"$TL_TMP/fixture.json"
    aws_start "$@" "$TL_TMP/fixture.json"
    mkdir -p "$TL_TMP/home" "$TL_TMP/outputs"
    export HOME=$TL_TMP/home
}

CRED_VARS="AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE AWS_ROLE_ARN
AWS_WEB_IDENTITY_TOKEN_FILE AWS_ROLE_SESSION_NAME AWS_CONTAINER_CREDENTIALS_FULL_URI
AWS_CONTAINER_CREDENTIALS_RELATIVE_URI AWS_CONTAINER_AUTHORIZATION_TOKEN
AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE AWS_EC2_METADATA_SERVICE_ENDPOINT
AWS_EC2_METADATA_DISABLED AWS_REGION ACM_DOCTOR_DEBUG HTTPS_PROXY https_proxy
HTTP_PROXY http_proxy NO_PROXY no_proxy AWS_ENDPOINT_URL_ACM AWS_ENDPOINT_URL_ROUTE_53
AWS_MAX_ATTEMPTS"
CRED_RUNS=0

cred_run() {
    local v
    for v in $CRED_VARS; do unset "$v"; done
    export AWS_EC2_METADATA_DISABLED=true
    while [ "$1" != -- ]; do
        # shellcheck disable=SC2163
        export "$1"
        shift
    done
    shift
    run_tool "$@"
    for v in $CRED_VARS; do unset "$v"; done
    CRED_RUNS=$((CRED_RUNS + 1))
    cp "$TOOL_OUT_FILE" "$TL_TMP/outputs/$CRED_RUNS.out"
    cp "$TOOL_ERR_FILE" "$TL_TMP/outputs/$CRED_RUNS.err"
}

again() {
    [ -n "${ACMD_UNDER_VALGRIND:-}" ]
}

assert_no_leaks() {
    local leaks
    leaks=$(aws_leaks -r "$TL_TMP/outputs" "$TL_TMP"/*.screen "$TL_TMP"/tui.* 2>/dev/null)
    assert_eq "$leaks" "" "no canary secret in any of $CRED_RUNS outputs"
    assert_eq "$(find "$HOME" -mindepth 1 | head -5)" "" "nothing written to HOME"
}
