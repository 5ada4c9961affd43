package dev.iotsdk.auth

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.StringSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.time.Instant
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import kotlin.time.Duration.Companion.days

/**
 * The signature of [signed] recomputed from its string to sign with a signing key derived here, without the signer's
 * cache.
 */
private fun referenceSignature(signed: SignedRequest, secret: String): String {
    fun hmac(key: ByteArray, data: String) = Mac.getInstance("HmacSHA256").run {
        init(SecretKeySpec(key, "HmacSHA256"))
        doFinal(data.toByteArray())
    }
    val scope = signed.stringToSign.lines()[2]
    var key = "AWS4$secret".toByteArray()
    for (part in scope.split('/')) key = hmac(key, part)
    return hmac(key, signed.stringToSign).joinToString("") { "%02x".format(it) }
}

class SigV4Test :
    StringSpec({
        val creds = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "TOKEN/+=")
        val time = Instant.parse("2015-08-30T12:36:00Z")
        val host = "data-ats.iot.us-east-1.amazonaws.com"

        "iotdata: an encoded topic in the path is encoded again for the canonical URI" {
            val signed = SigV4.sign(
                SigningRequest("POST", host, "/topics/a%2Fb", listOf("qos" to "1")),
                creds,
                "us-east-1",
                "iotdata",
                time,
            )
            signed.canonicalRequest.lines()[1] shouldBe "/topics/a%252Fb"
            signed.canonicalRequest.lines()[2] shouldBe "qos=1"
            signed.query shouldBe "qos=1"
            signed.stringToSign shouldContain "20150830/us-east-1/iotdata/aws4_request"
        }

        "S3 style: no double encoding and no normalisation" {
            val signed = SigV4.presign(
                SigningRequest("GET", "bucket.s3.amazonaws.com", "/a%2Fb/./c d"),
                creds,
                "us-east-1",
                "s3",
                time,
                normalizePath = false,
                doubleEncodePath = false,
            )
            signed.canonicalRequest.lines()[1] shouldBe "/a%2Fb/./c%20d"
        }

        "header signing sends and signs the session token, date and optional content hash" {
            val signed = SigV4.sign(
                SigningRequest("GET", host, "/things/t/shadow", body = ByteArray(0)),
                creds,
                "us-east-1",
                "iotdata",
                time,
                addContentSha256Header = true,
            )
            signed.headers.map { it.first } shouldBe
                listOf("X-Amz-Date", "X-Amz-Security-Token", "x-amz-content-sha256", "Authorization")
            signed.authorization!! shouldContain
                "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"
            signed.query shouldBe ""
        }

        "omitSessionToken in header form sends the token unsigned" {
            val signed = SigV4.sign(
                SigningRequest("GET", host, "/"),
                creds,
                "us-east-1",
                "iotdata",
                time,
                omitSessionToken = true,
            )
            signed.headers shouldContain ("X-Amz-Security-Token" to "TOKEN/+=")
            signed.authorization!! shouldNotContain "x-amz-security-token"
        }

        "WebSocket handshake headers are never signed" {
            val signed = SigV4.presign(
                SigningRequest(
                    "GET",
                    host,
                    "/mqtt",
                    headers = listOf(
                        "Sec-WebSocket-Protocol" to "mqtt",
                        "Upgrade" to "websocket",
                        "User-Agent" to "x",
                    ),
                ),
                creds,
                "us-east-1",
                "iotdevicegateway",
                time,
            )
            signed.query shouldContain "X-Amz-SignedHeaders=host&"
        }

        "a payload hash given by the caller is used as is" {
            val signed = SigV4.sign(
                SigningRequest("PUT", host, "/x", body = "ignored".toByteArray(), payloadHash = "UNSIGNED-PAYLOAD"),
                creds,
                "us-east-1",
                "s3",
                time,
            )
            signed.canonicalRequest.lines().last() shouldBe "UNSIGNED-PAYLOAD"
        }

        "expiry is limited to seven days" {
            shouldThrow<IllegalArgumentException> {
                SigV4.presign(SigningRequest("GET", host, "/"), creds, "us-east-1", "s", time, 8.days)
            }
        }

        "the signing key follows the secret, date, region and service from one call to the next" {
            val other = Credentials("AKIDOTHER", "otherSecretKeyForTheCacheTest0000000000000")
            val request = SigningRequest("GET", host, "/things/t/shadow")
            val calls = listOf(
                Triple(creds, time, "us-east-1"),
                Triple(other, time, "us-east-1"),
                Triple(creds, time, "us-east-1"),
                Triple(creds, time.plusSeconds(86_400), "us-east-1"),
                Triple(creds, time, "eu-west-1"),
                Triple(other, time, "eu-west-1"),
            )
            for ((c, t, region) in calls) {
                for (service in listOf("iotdata", "iotdevicegateway")) {
                    val signed = SigV4.sign(request, c, region, service, t)
                    signed.signature shouldBe referenceSignature(signed, c.secretAccessKey)
                }
            }
        }

        "signing from many threads with different credentials gives each its own correct signature" {
            val pool = Executors.newFixedThreadPool(8)
            try {
                val results = (0 until 400).map { i ->
                    pool.submit(
                        Callable {
                            val c = Credentials("AKID$i", "secret-${i % 7}-0000000000000000000000000000000")
                            val signed = SigV4.sign(
                                SigningRequest("POST", host, "/topics/t$i", body = "b$i".toByteArray()),
                                c,
                                "us-east-1",
                                "iotdata",
                                time.plusSeconds(
                                    i * 3_600L,
                                ),
                            )
                            signed.signature == referenceSignature(signed, c.secretAccessKey)
                        },
                    )
                }
                results.count { it.get(30, TimeUnit.SECONDS) } shouldBe 400
            } finally {
                pool.shutdownNow()
            }
        }

        "header values are trimmed and runs of whitespace folded, repeated names joined" {
            val signed = SigV4.sign(
                SigningRequest(
                    "GET",
                    host,
                    "/",
                    headers = listOf(
                        "X-A" to "  a \t b  c ",
                        "x-a" to "d",
                        "X-B" to "plain value",
                    ),
                ),
                creds,
                "us-east-1",
                "iotdata",
                time,
            )
            signed.canonicalRequest.lines() shouldContain "x-a:a b c,d"
            signed.canonicalRequest.lines() shouldContain "x-b:plain value"
        }

        "toString of a request does not show header values" {
            SigningRequest("GET", host, "/", headers = listOf("X-Secret" to "hidden")).toString() shouldNotContain
                "hidden"
        }
    })
