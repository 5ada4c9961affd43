package dev.iotsdk.emulator.provisioning

import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.controlplane.awsIotClient
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonPrimitive

/**
 * Fleet provisioning with the template of AWS's own samples, created through AWS's `CreateProvisioningTemplate` (the
 * AWS SDK for Java v2), and a device sending only `SerialNumber` and `DeviceLocation`, as AWS's fleet provisioning
 * samples do (aws-iot-device-sdk-python-v2 / -java-v2 `samples/fleet_provisioning`).
 *
 * AWS source of the rule: the developer guide's "Provisioning templates" page, section "Fleet provisioning"
 * (https://docs.aws.amazon.com/iot/latest/developerguide/provision-template.html#fleet-provision-template): the
 * certificate resource is `"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"}`, whose value AWS IoT takes from the
 * certificate of the ownership token; its "Fleet provisioning template example" also `Ref`s `SerialNumber`
 * without declaring it. spec/identity.md §RegisterThing for the request shape.
 */
class AwsSampleTemplateTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val iot by lazy { awsIotClient(emulator) }
        afterSpec { iot.close() }

        val sampleTemplate = """
            {
              "Parameters": {
                "DeviceLocation": {"Type": "String"},
                "AWS::IoT::Certificate::Id": {"Type": "String"},
                "SerialNumber": {"Type": "String"}
              },
              "Mappings": {"LocationTable": {"Seattle": {"LocationUrl": "https://example.aws"}}},
              "Resources": {
                "thing": {
                  "Type": "AWS::IoT::Thing",
                  "Properties": {
                    "ThingName": {"Fn::Join": ["", ["ThingPrefix_", {"Ref": "SerialNumber"}]]},
                    "AttributePayload": {"version": "v1", "serialNumber": "serialNumber"}
                  },
                  "OverrideSettings": {"AttributePayload": "MERGE", "ThingTypeName": "REPLACE", "ThingGroups": "DO_NOTHING"}
                },
                "certificate": {
                  "Type": "AWS::IoT::Certificate",
                  "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"}, "Status": "Active"},
                  "OverrideSettings": {"Status": "REPLACE"}
                },
                "policy": {
                  "Type": "AWS::IoT::Policy",
                  "Properties": {
                    "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iot:*"], "Resource": ["*"]}]}
                  }
                }
              },
              "DeviceConfiguration": {
                "FallbackUrl": "https://www.example.com/test-site",
                "LocationUrl": {"Fn::FindInMap": ["LocationTable", {"Ref": "DeviceLocation"}, "LocationUrl"]}
              }
            }
        """.trimIndent()

        fun createTemplate(name: String, body: String) {
            iot.createProvisioningTemplate {
                it.templateName(name).templateBody(body).enabled(true)
                    .provisioningRoleArn("arn:aws:iam::${emulator.accountId}:role/Provisioning")
            }
        }

        fun provision(template: String, parameters: String): Pair<String, JsonObject> {
            val claim = emulator.issueClaimCertificate(template)
            ProvisioningDevice(emulator, "claim-$template", claim.certificatePem, claim.privateKeyPem).use { d ->
                val (_, keys) = d.request("\$aws/certificates/create/json", "{}")
                val token = keys.getValue("certificateOwnershipToken").jsonPrimitive.content
                return d.request(
                    "\$aws/provisioning-templates/$template/provision/json",
                    """{"certificateOwnershipToken":"$token","parameters":$parameters}""",
                )
            }
        }

        test("RegisterThing fills AWS::IoT::Certificate::Id from the ownership token; the device sends only its own") {
            createTemplate("AwsSampleTemplate", sampleTemplate)
            val (outcome, body) = provision(
                "AwsSampleTemplate",
                """{"SerialNumber":"0123456789","DeviceLocation":"Seattle"}""",
            )
            outcome shouldBe "accepted"
            body.getValue("thingName").jsonPrimitive.content shouldBe "ThingPrefix_0123456789"
            emulator.things().contains("ThingPrefix_0123456789") shouldBe true

            // the other declared parameters are still required
            val (missing, rejected) = provision("AwsSampleTemplate", """{"DeviceLocation":"Seattle"}""")
            missing shouldBe "rejected"
            rejected.getValue("errorCode").jsonPrimitive.content shouldBe "InvalidParameters"
        }

        test("the developer guide's example template, which Refs SerialNumber without declaring it, is accepted") {
            val guideTemplate = sampleTemplate.replace(
                """"SerialNumber": {"Type": "String"}""",
                """"Unused": {"Type": "String", "Default": "x"}""",
            ).replace(""""AWS::IoT::Certificate::Id": {"Type": "String"},""", "")
            createTemplate("GuideTemplate", guideTemplate)
            val (outcome, body) = provision(
                "GuideTemplate",
                """{"SerialNumber":"42","DeviceLocation":"Seattle","Unused":"y"}""",
            )
            outcome shouldBe "accepted"
            body.getValue("thingName").jsonPrimitive.content shouldBe "ThingPrefix_42"
        }
    })
