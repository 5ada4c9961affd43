#!/usr/bin/env bash
# Sets up a fleet with the AWS CLI, against the iotsdk emulator (or AWS IoT itself): three things, a certificate and
# key each (written to $OUT_DIR), one policy attached to every certificate, each certificate attached to its thing,
# and a job targeting the three things. The Kotlin twin is samples/src/main/kotlin/dev/iotsdk/samples/controlplane/FleetSetup.kt.
#
# Against the emulator: start it (it prints its ports, CA path and credentials as JSON on its first line):
#   java -jar iot-emulator/target/iot-emulator-0.1.0-SNAPSHOT-all.jar --json
# then export what it printed and run this script:
#   export IOT_ENDPOINT_URL=https://localhost:<port443> AWS_CA_BUNDLE=<caPath> \
#          AWS_ACCESS_KEY_ID=<accessKeyId> AWS_SECRET_ACCESS_KEY=<secretAccessKey> AWS_DEFAULT_REGION=<region>
#   bash samples/scripts/fleet-setup.sh
# Against AWS IoT: leave IOT_ENDPOINT_URL and AWS_CA_BUNDLE unset and use your usual AWS credentials.
#
# Optional: FLEET_PREFIX (default "fleet"), OUT_DIR (default ./fleet-out).
set -euo pipefail

prefix="${FLEET_PREFIX:-fleet}"
out="${OUT_DIR:-./fleet-out}"
mkdir -p "$out"

command -v aws >/dev/null || { echo "fleet-setup: the AWS CLI (aws) is not installed" >&2; exit 2; }
endpoint=()
if [ -n "${IOT_ENDPOINT_URL:-}" ]; then endpoint=(--endpoint-url "$IOT_ENDPOINT_URL"); fi
iot() { aws iot "${endpoint[@]}" --output text "$@"; }

account_region() { # the ARN prefix of this account and region, from the endpoint's own ARNs
  iot describe-endpoint --endpoint-type iot:Data-ATS --query endpointAddress
}

echo "data endpoint: $(account_region)"

policy="$prefix-policy"
iot create-policy --policy-name "$policy" --policy-document '{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "iot:Connect", "Resource": "arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}"},
    {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"], "Resource": "arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"},
    {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"}
  ]}' --query policyArn

targets=()
for i in 1 2 3; do
  thing="$prefix-device-$i"
  thing_arn=$(iot create-thing --thing-name "$thing" --attribute-payload "{\"attributes\":{\"fleet\":\"$prefix\"}}" --query thingArn)
  cert_arn=$(iot create-keys-and-certificate --set-as-active \
    --certificate-pem-outfile "$out/$thing.cert.pem" --private-key-outfile "$out/$thing.private.key" --query certificateArn)
  iot attach-policy --policy-name "$policy" --target "$cert_arn"
  iot attach-thing-principal --thing-name "$thing" --principal "$cert_arn"
  echo "thing $thing_arn <- certificate $cert_arn"
  targets+=("$thing_arn")
done

iot create-job --job-id "$prefix-job" --targets "${targets[@]}" \
  --document '{"operation":"blink","times":3}' --description "blink the fleet" \
  --timeout-config inProgressTimeoutInMinutes=10 --query jobArn
iot describe-job --job-id "$prefix-job" --query 'job.[jobId,status]'
iot list-things --query 'things[].thingName'
