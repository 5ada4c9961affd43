package dev.iotsdk.auth

import io.kotest.core.spec.style.StringSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldEndWith
import io.kotest.matchers.string.shouldNotContain
import java.net.URLEncoder
import java.security.MessageDigest
import java.time.Instant
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec
import kotlin.time.Duration.Companion.hours

/**
 * Checks [SigV4.presignWebSocketQuery] against an independent transcription of the AWS IoT Developer Guide's
 * JavaScript (spec/connect.md §3), written here without the SDK's helpers.
 */
class SigV4WebSocketTest :
    StringSpec({
        val host = "a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com"
        val region = "eu-west-1"
        val time = Instant.parse("2024-05-06T07:08:09Z")
        val token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+abc/def=="
        val plain = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        val session = Credentials("ASIAEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token)

        "matches the Developer Guide algorithm without a session token" {
            SigV4.presignWebSocketQuery(host, region, plain, time) shouldBe dgPresign(host, region, plain, time)
        }

        "matches the Developer Guide algorithm with a session token appended after the signature" {
            val query = SigV4.presignWebSocketQuery(host, region, session, time)
            query shouldBe dgPresign(host, region, session, time)
            query shouldEndWith "&X-Amz-Security-Token=" + jsEncodeUriComponent(token)
            query.indexOf("X-Amz-Signature=") shouldBe
                query.indexOf("&X-Amz-Security-Token") - 64 - "X-Amz-Signature=".length
        }

        "the session token does not change the signature" {
            val withToken = SigV4.presignWebSocketQuery(host, region, session, time)
            val withoutToken = SigV4.presignWebSocketQuery(
                host,
                region,
                Credentials(session.accessKeyId, session.secretAccessKey),
                time,
            )
            withToken.substringBefore("&X-Amz-Security-Token") shouldBe withoutToken
        }

        "signs host only, with service iotdevicegateway and no X-Amz-Expires by default" {
            val q = SigV4.presignWebSocketQuery(host, region, plain, time)
            q shouldContain "X-Amz-SignedHeaders=host&"
            q shouldContain "%2F20240506%2Feu-west-1%2Fiotdevicegateway%2Faws4_request"
            q shouldNotContain "X-Amz-Expires"
        }

        "X-Amz-Expires is signed when given" {
            val q = SigV4.presignWebSocketQuery(host, region, plain, time, expires = 1.hours)
            q shouldContain "X-Amz-Expires=3600"
            q.substringAfter("X-Amz-Signature=") shouldNotBe
                SigV4.presignWebSocketQuery(host, region, plain, time).substringAfter("X-Amz-Signature=")
        }

        "the presign result builds the wss URL" {
            val signed = SigV4.presign(
                SigningRequest("GET", host, "/mqtt"),
                plain,
                region,
                "iotdevicegateway",
                time,
                omitSessionToken = true,
            )
            signed.url("wss") shouldBe "wss://$host/mqtt?" + SigV4.presignWebSocketQuery(host, region, plain, time)
        }
    })

private fun sha256Hex(s: String) = MessageDigest.getInstance("SHA-256").digest(s.toByteArray()).joinToString("") {
    "%02x".format(it)
}

private fun hmac(key: ByteArray, s: String): ByteArray =
    Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(key, "HmacSHA256")) }.doFinal(s.toByteArray())

/** JavaScript's encodeURIComponent: leaves A-Z a-z 0-9 - _ . ! ~ * ' ( ) unescaped. */
private fun jsEncodeUriComponent(s: String): String =
    URLEncoder.encode(s, "UTF-8").replace("+", "%20").replace("%21", "!").replace("%7E", "~")
        .replace("%27", "'").replace("%28", "(").replace("%29", ")")

/** The DG's reference code (connect.md §3), line by line. */
private fun dgPresign(host: String, region: String, credentials: Credentials, now: Instant): String {
    val datetime = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now)
    val date = datetime.substring(0, 8)
    val method = "GET"
    val uri = "/mqtt"
    val service = "iotdevicegateway"
    val algorithm = "AWS4-HMAC-SHA256"
    val credentialScope = "$date/$region/$service/aws4_request"
    var canonicalQuerystring = "X-Amz-Algorithm=$algorithm"
    canonicalQuerystring += "&X-Amz-Credential=" + jsEncodeUriComponent(credentials.accessKeyId + "/" + credentialScope)
    canonicalQuerystring += "&X-Amz-Date=$datetime"
    canonicalQuerystring += "&X-Amz-SignedHeaders=host"
    val canonicalHeaders = "host:$host\n"
    val payloadHash = sha256Hex("")
    val canonicalRequest = "$method\n$uri\n$canonicalQuerystring\n$canonicalHeaders\nhost\n$payloadHash"
    val stringToSign = "$algorithm\n$datetime\n$credentialScope\n${sha256Hex(canonicalRequest)}"
    var key = ("AWS4" + credentials.secretAccessKey).toByteArray()
    for (part in listOf(date, region, service, "aws4_request")) key = hmac(key, part)
    val signature = hmac(key, stringToSign).joinToString("") { "%02x".format(it) }
    canonicalQuerystring += "&X-Amz-Signature=$signature"
    credentials.sessionToken?.let { canonicalQuerystring += "&X-Amz-Security-Token=" + jsEncodeUriComponent(it) }
    return canonicalQuerystring
}
