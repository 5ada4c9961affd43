package dev.iotsdk.model.provisioning

import dev.iotsdk.model.IotJson
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject

/** The shapes of spec/identity.md sections 3–6 (AWS documents schemas only, with the literal value "string"). */
class ProvisioningModelTest :
    FunSpec({
        fun json(text: String): JsonObject = Json.parseToJsonElement(text).jsonObject

        test("CreateKeysAndCertificate request is an empty object and its response has the four documented fields") {
            IotJson.encodeToString(
                CreateKeysAndCertificateRequest.serializer(),
                CreateKeysAndCertificateRequest(),
            ) shouldBe
                "{}"
            val response = IotJson.decodeFromString(
                CreateKeysAndCertificateResponse.serializer(),
                """{"certificateId":"id","certificatePem":"pem","privateKey":"key","certificateOwnershipToken":"tok","extra":1}""",
            )
            response shouldBe CreateKeysAndCertificateResponse("id", "pem", "key", "tok")
        }

        test("CreateCertificateFromCsr request and response use the documented field names") {
            json(
                IotJson.encodeToString(
                    CreateCertificateFromCsrRequest.serializer(),
                    CreateCertificateFromCsrRequest("csr"),
                ),
            ) shouldBe
                json("""{"certificateSigningRequest":"csr"}""")
            IotJson.decodeFromString(
                CreateCertificateFromCsrResponse.serializer(),
                """{"certificateOwnershipToken":"tok","certificateId":"id","certificatePem":"pem"}""",
            ) shouldBe CreateCertificateFromCsrResponse("id", "pem", "tok")
        }

        test("RegisterThing request carries the token and parameters; parameters are omitted when null") {
            json(
                IotJson.encodeToString(
                    RegisterThingRequest.serializer(),
                    RegisterThingRequest(
                        "tok",
                        mapOf(
                            "SerialNumber" to "1",
                        ),
                    ),
                ),
            ) shouldBe
                json("""{"certificateOwnershipToken":"tok","parameters":{"SerialNumber":"1"}}""")
            json(IotJson.encodeToString(RegisterThingRequest.serializer(), RegisterThingRequest("tok"))) shouldBe
                json("""{"certificateOwnershipToken":"tok"}""")
        }

        test("RegisterThing response reads thingName and deviceConfiguration, which may be absent") {
            IotJson.decodeFromString(
                RegisterThingResponse.serializer(),
                """{"deviceConfiguration":{"Fallback":"false"},"thingName":"sensor-1"}""",
            ) shouldBe RegisterThingResponse("sensor-1", mapOf("Fallback" to "false"))
            IotJson.decodeFromString(
                RegisterThingResponse.serializer(),
                """{"thingName":"t"}""",
            ).deviceConfiguration shouldBe
                emptyMap()
        }

        test("the error response has statusCode, errorCode and errorMessage") {
            IotJson.decodeFromString(
                ProvisioningErrorResponse.serializer(),
                """{"statusCode":400,"errorCode":"InvalidCertificateOwnershipToken","errorMessage":"Certificate ownership token cannot be empty."}""",
            ) shouldBe
                ProvisioningErrorResponse(
                    400,
                    "InvalidCertificateOwnershipToken",
                    "Certificate ownership token cannot be empty.",
                )
        }

        test("toString never shows private keys or ownership tokens") {
            CreateKeysAndCertificateResponse("id", "pem", "SECRET-KEY", "SECRET-TOKEN").toString().let {
                it shouldNotContain "SECRET-KEY"
                it shouldNotContain "SECRET-TOKEN"
            }
            CreateCertificateFromCsrResponse("id", "pem", "SECRET-TOKEN").toString() shouldNotContain "SECRET-TOKEN"
            RegisterThingRequest("SECRET-TOKEN").toString() shouldNotContain "SECRET-TOKEN"
        }
    })
