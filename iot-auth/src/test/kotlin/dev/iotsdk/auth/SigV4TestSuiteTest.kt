package dev.iotsdk.auth

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.boolean
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import java.io.File
import java.net.URLDecoder
import java.time.Instant
import kotlin.time.Duration.Companion.seconds

/**
 * Runs every case of the AWS SigV4 test suite (data in `src/test/resources/sigv4`, see SOURCE.md there) through
 * [SigV4.sign] (Authorization header form) and [SigV4.presign] (query form).
 */
class SigV4TestSuiteTest :
    FunSpec({
        val root = File(SigV4TestSuiteTest::class.java.getResource("/sigv4/get-vanilla/context.json")!!.toURI())
            .parentFile.parentFile
        val cases = root.listFiles()!!.filter { File(it, "context.json").isFile }.map { it.name }.sorted()

        test("the suite is present") {
            (cases.size >= 38) shouldBe true
        }

        for (name in cases) {
            val dir = File(root, name)
            fun text(file: String) = File(dir, file).readText(Charsets.UTF_8)
            val context = Json.parseToJsonElement(text("context.json")).jsonObject
            val creds = context["credentials"]!!.jsonObject
            val credentials = Credentials(
                creds.string("access_key_id")!!,
                creds.string("secret_access_key")!!,
                creds.string("token"),
            )
            val request = parseRequest(text("request.txt"))
            val region = context.string("region")!!
            val service = context.string("service")!!
            val time = Instant.parse(context.string("timestamp")!!)
            val normalize = context["normalize"]?.jsonPrimitive?.boolean ?: true
            val signBody = context["sign_body"]?.jsonPrimitive?.boolean ?: false
            val omitToken = context["omit_session_token"]?.jsonPrimitive?.boolean ?: false
            val expires = context["expiration_in_seconds"]?.jsonPrimitive?.long

            test("$name: header signing") {
                val signed = SigV4.sign(
                    request,
                    credentials,
                    region,
                    service,
                    time,
                    omitSessionToken = omitToken,
                    addContentSha256Header = signBody,
                    normalizePath = normalize,
                )
                signed.canonicalRequest shouldBe text("header-canonical-request.txt")
                signed.stringToSign shouldBe text("header-string-to-sign.txt")
                signed.signature shouldBe text("header-signature.txt").trim()
                signed.authorization shouldBe "AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/" +
                    "${time.toString().take(10).replace("-", "")}/$region/$service/aws4_request, " +
                    "SignedHeaders=${text("header-canonical-request.txt").lines().dropLast(1).last()}, " +
                    "Signature=${signed.signature}"
            }

            test("$name: query presigning") {
                val signed = SigV4.presign(
                    request,
                    credentials,
                    region,
                    service,
                    time,
                    expires = expires?.seconds,
                    omitSessionToken = omitToken,
                    normalizePath = normalize,
                )
                signed.canonicalRequest shouldBe text("query-canonical-request.txt")
                signed.stringToSign shouldBe text("query-string-to-sign.txt")
                signed.signature shouldBe text("query-signature.txt").trim()
                val expectedLine = text("query-signed-request.txt").lineSequence().first()
                val expectedQuery = expectedLine.substringAfter('?').removeSuffix(" HTTP/1.1")
                // The suite's signed request line keeps the raw request's own (unencoded) parameters: compare decoded.
                signed.query.split('&').map(::decode) shouldContainExactlyInAnyOrder
                    expectedQuery.split('&').map(::decode)
            }
        }
    })

private fun JsonObject.string(key: String): String? = this[key]?.jsonPrimitive?.content

/** Parses the suite's `request.txt`: request line, headers (with folded continuation lines), blank line, body. */
internal fun parseRequest(raw: String): SigningRequest {
    val lines = raw.split("\n")
    val requestLine = lines.first()
    val method = requestLine.substringBefore(' ')
    val target = requestLine.substringAfter(' ').removeSuffix(" HTTP/1.1")
    val path = target.substringBefore('?')
    val query = if ('?' in target) {
        target.substringAfter('?').split('&').filter { it.isNotEmpty() }.map {
            decode(it.substringBefore('=')) to decode(it.substringAfter('=', ""))
        }
    } else {
        emptyList()
    }
    val headers = mutableListOf<Pair<String, String>>()
    var i = 1
    while (i < lines.size && lines[i].isNotEmpty()) {
        val line = lines[i]
        if (line.first().isWhitespace() && headers.isNotEmpty()) {
            val (n, v) = headers.removeAt(headers.size - 1)
            headers += n to "$v\n$line"
        } else {
            headers += line.substringBefore(':') to line.substringAfter(':')
        }
        i++
    }
    val body = if (i < lines.size) lines.drop(i + 1).joinToString("\n") else ""
    val host = headers.first { it.first.equals("host", ignoreCase = true) }.second.trim()
    return SigningRequest(
        method,
        host,
        path,
        query,
        headers.filterNot { it.first.equals("host", ignoreCase = true) },
        body.toByteArray(Charsets.UTF_8),
    )
}

private fun decode(s: String): String = URLDecoder.decode(s.replace("+", "%2B"), "UTF-8")
