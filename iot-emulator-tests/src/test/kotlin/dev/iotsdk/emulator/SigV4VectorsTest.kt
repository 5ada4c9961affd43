package dev.iotsdk.emulator

import dev.iotsdk.emulator.internal.SigV4
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * The signature computation against vectors of the AWS SigV4 test suite ("aws-sig-v4-test-suite", as shipped in
 * awslabs/aws-c-auth `tests/aws-sig-v4-test-suite/`: get-vanilla, get-vanilla-query-order-key-case, post-vanilla).
 * Credentials AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, region us-east-1, service `service`,
 * X-Amz-Date 20150830T123600Z, signed headers host;x-amz-date.
 */
class SigV4VectorsTest :
    FunSpec({
        val secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        val date = "20150830T123600Z"
        val headers = mapOf("host" to "example.amazonaws.com", "x-amz-date" to date)
        val signed = listOf("host", "x-amz-date")

        fun signature(method: String, query: List<Pair<String, String>>): String {
            val request = SigV4.canonicalRequest(
                method,
                "/",
                SigV4.canonicalQuery(query),
                SigV4.canonicalHeaders(headers, signed),
                signed.joinToString(";"),
                SigV4.EMPTY_PAYLOAD_SHA256,
            )
            return SigV4.signature(secret, date, "us-east-1", "service", request)
        }

        test("get-vanilla") {
            signature("GET", emptyList()) shouldBe "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        }

        test("get-vanilla-query-order-key-case") {
            signature("GET", listOf("Param2" to "value2", "Param1" to "value1")) shouldBe
                "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
        }

        test("post-vanilla") {
            signature("POST", emptyList()) shouldBe "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        }

        test("signing key derivation (the test suite's documented key)") {
            SigV4.signingKey(secret, "20150830", "us-east-1", "iam").joinToString("") { "%02x".format(it) } shouldBe
                "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
        }
    })
