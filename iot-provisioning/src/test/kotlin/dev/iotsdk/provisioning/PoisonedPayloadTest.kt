package dev.iotsdk.provisioning

import dev.iotsdk.core.MalformedResponseException
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.test.FakeIotMqttClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldNotContain
import java.io.PrintWriter
import java.io.StringWriter

/**
 * Issue 19 item 6: a malformed CreateKeysAndCertificate answer must not put any part of the private key it carries
 * into an exception's message, its causes or a printed stack trace (which is what ends up in logs).
 */
class PoisonedPayloadTest :
    FunSpec({
        val key = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEAuSECRETKEYMATERIAL\\n-----END RSA PRIVATE KEY-----"
        val poisons = mapOf(
            "truncated JSON" to """{"certificateId":"c1","certificatePem":"pem","privateKey":"$key""",
            "a number where a string is" to
                """{"certificateId":7,"certificatePem":"pem","privateKey":"$key","certificateOwnershipToken":"t"}""",
            "the key where the id is" to
                """{"certificateId":{"k":"$key"},"certificatePem":"p","privateKey":"k","certificateOwnershipToken":"t"}""",
            "trailing garbage" to """{"certificateId":"c1"} $key""",
            "a missing field" to """{"certificatePem":"pem","privateKey":"$key"}""",
        ).mapValues { it.value.toByteArray() } +
            ("not UTF-8" to byteArrayOf(0xC3.toByte(), 0x28) + """{"privateKey":"$key"}""".toByteArray())
        for ((name, poison) in poisons) {
            test("CreateKeysAndCertificate answered with $name: no key material in any exception text") {
                val fake = FakeIotMqttClient("claim-1")
                fake.connect()
                fake.onPublish("\$aws/certificates/create/json") {
                    fake.deliver(MqttMessage("\$aws/certificates/create/json/accepted", poison))
                }
                ProvisioningClient(fake).use { client ->
                    val e = shouldThrow<MalformedResponseException> { client.createKeysAndCertificate() }
                    val printed = StringWriter().also { e.printStackTrace(PrintWriter(it)) }.toString()
                    printed shouldNotContain "SECRET"
                    printed shouldNotContain "MIIE"
                    e.toString() shouldNotContain "SECRET"
                }
                fake.close()
            }
        }
    })
