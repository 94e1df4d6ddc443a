# shellcheck shell=bash
# Ports of the local test services and the MESHGATE_TEST_* URLs tests read.
# Source it: `. scripts/services.env.sh`. scripts/services.sh sources it too, so the
# ports it starts the services on and the URLs exported here always agree.
# Override any port by setting it before sourcing. The gateway's own variables
# (DATABASE_URL, MONGO_URL, ...) are deliberately not set here.

: "${PGPORT_MESHGATE:=55432}"
: "${FERRETDB_PORT:=57017}"
: "${KAFKA_PORT:=59092}"
: "${KAFKA_CONTROLLER_PORT:=59093}"
: "${S3_PORT:=57070}"

export MESHGATE_TEST_DATABASE_URL="postgres://meshgate:meshgate@127.0.0.1:${PGPORT_MESHGATE}/meshgate"
# PostgreSQL also serves TLS, with a self-signed certificate for 127.0.0.1: this copy of it is the CA to trust.
export MESHGATE_TEST_DATABASE_CA_FILE="${MESHGATE_RUN:-${MESHGATE_CACHE:-$HOME/.cache/meshgate}/run}/postgres/server-ca.crt"
export MESHGATE_TEST_MONGO_URL="mongodb://127.0.0.1:${FERRETDB_PORT}/"
export MESHGATE_TEST_KAFKA_BROKERS="127.0.0.1:${KAFKA_PORT}"
export MESHGATE_TEST_S3_ENDPOINT="http://127.0.0.1:${S3_PORT}"
export MESHGATE_TEST_S3_BUCKET="meshgate-lake"
export MESHGATE_TEST_S3_ACCESS_KEY="meshgate"
export MESHGATE_TEST_S3_SECRET_KEY="meshgate-secret"
export MESHGATE_TEST_S3_REGION="us-east-1"
