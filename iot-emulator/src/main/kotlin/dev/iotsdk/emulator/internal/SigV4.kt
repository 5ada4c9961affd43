package dev.iotsdk.emulator.internal

import dev.iotsdk.emulator.EmulatorCredentials
import java.io.ByteArrayOutputStream
import java.security.MessageDigest
import java.time.Duration
import java.time.Instant
import java.time.LocalDateTime
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/** SigV4 primitives (the emulator's own implementation, independent of iot-auth). */
internal object SigV4 {
    const val ALGORITHM: String = "AWS4-HMAC-SHA256"
    const val EMPTY_PAYLOAD_SHA256: String = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    fun sha256Hex(data: ByteArray): String = MessageDigest.getInstance("SHA-256").digest(data).toHex()

    fun hmac(key: ByteArray, data: String): ByteArray =
        Mac.getInstance("HmacSHA256").apply { init(SecretKeySpec(key, "HmacSHA256")) }.doFinal(data.toByteArray())

    fun signingKey(secret: String, date: String, region: String, service: String): ByteArray {
        val kDate = hmac("AWS4$secret".toByteArray(), date)
        val kRegion = hmac(kDate, region)
        val kService = hmac(kRegion, service)
        return hmac(kService, "aws4_request")
    }

    /** RFC 3986 encoding as SigV4 requires (unreserved characters kept, everything else %XX upper-case). */
    fun uriEncode(value: String, encodeSlash: Boolean = true): String {
        val out = StringBuilder()
        for (b in value.toByteArray(Charsets.UTF_8)) {
            val c = (b.toInt() and 0xff).toChar()
            if (c in 'A'..'Z' ||
                c in 'a'..'z' ||
                c in '0'..'9' ||
                c == '-' ||
                c == '_' ||
                c == '.' ||
                c == '~' ||
                (c == '/' && !encodeSlash)
            ) {
                out.append(c)
            } else {
                val v = b.toInt() and 0xff
                out.append('%').append(HEX_UPPER[v shr 4]).append(HEX_UPPER[v and 0xf])
            }
        }
        return out.toString()
    }

    /** Canonical query string from decoded (name, value) pairs. */
    fun canonicalQuery(params: List<Pair<String, String>>): String =
        params.map { uriEncode(it.first) to uriEncode(it.second) }
            .sortedWith(compareBy({ it.first }, { it.second }))
            .joinToString("&") { "${it.first}=${it.second}" }

    /** Canonical headers block and signed-headers list for the given (lower-case name → value) map. */
    fun canonicalHeaders(headers: Map<String, String>, signed: List<String>): String =
        signed.joinToString("") { name -> "$name:${headers[name]?.trim()?.let(::foldSpaces) ?: ""}\n" }

    /** Runs of whitespace as one space; most values have none, so the regular expression runs only when needed. */
    private fun foldSpaces(value: String): String = if (value.none { it.isWhitespace() && it != ' ' } &&
        !value.contains("  ")
    ) {
        value
    } else {
        value.replace(WHITESPACE, " ")
    }

    fun canonicalRequest(
        method: String,
        canonicalPath: String,
        canonicalQuery: String,
        canonicalHeaders: String,
        signedHeaders: String,
        payloadHash: String,
    ): String = "$method\n$canonicalPath\n$canonicalQuery\n$canonicalHeaders\n$signedHeaders\n$payloadHash"

    fun signature(secret: String, amzDate: String, region: String, service: String, canonicalRequest: String): String {
        val date = amzDate.substring(0, 8)
        val scope = "$date/$region/$service/aws4_request"
        val stringToSign = "$ALGORITHM\n$amzDate\n$scope\n${sha256Hex(canonicalRequest.toByteArray())}"
        return hmac(signingKey(secret, date, region, service), stringToSign).toHex()
    }

    private fun ByteArray.toHex(): String {
        val out = CharArray(size * 2)
        for (i in indices) {
            val v = this[i].toInt() and 0xff
            out[2 * i] = HEX_LOWER[v shr 4]
            out[2 * i + 1] = HEX_LOWER[v and 0xf]
        }
        return String(out)
    }

    private const val HEX_LOWER = "0123456789abcdef"
    private const val HEX_UPPER = "0123456789ABCDEF"
    private val WHITESPACE = Regex("\\s+")
}

/** Percent-decoding of query components ('+' stays '+', as SigV4 clients always encode spaces as %20). */
internal fun percentDecode(value: String): String {
    if (!value.contains('%')) return value
    val bytes = ByteArrayOutputStream()
    var i = 0
    while (i < value.length) {
        val c = value[i]
        if (c == '%' && i + 2 < value.length) {
            val hex = value.substring(i + 1, i + 3).toIntOrNull(16)
            if (hex != null) {
                bytes.write(hex)
                i += 3
                continue
            }
        }
        bytes.write(c.toString().toByteArray(Charsets.UTF_8))
        i++
    }
    return bytes.toString(Charsets.UTF_8)
}

/** Splits a raw query string into decoded (name, value) pairs, keeping order and duplicates. */
internal fun parseQuery(rawQuery: String?): List<Pair<String, String>> {
    if (rawQuery.isNullOrEmpty()) return emptyList()
    return rawQuery.split('&').filter { it.isNotEmpty() }.map { part ->
        val eq = part.indexOf('=')
        if (eq <
            0
        ) {
            percentDecode(part) to ""
        } else {
            percentDecode(part.substring(0, eq)) to
                percentDecode(part.substring(eq + 1))
        }
    }
}

/**
 * Verifies SigV4-presigned WebSocket upgrade URLs (`GET /mqtt?X-Amz-...`) exactly as `spec/connect.md` §3 describes:
 * `X-Amz-Signature` and `X-Amz-Security-Token` are removed from the canonical query; signed headers come from
 * `X-Amz-SignedHeaders` (`host` when absent); path `/mqtt`; empty-payload hash; scope
 * `<yyyymmdd>/<region>/<service>/aws4_request` where the service is `iotdevicegateway` (the v2 SDKs) or `iotdata`
 * (the v1 SDKs: Python v1 `cores.py`, Java v1 `AwsIotWebSocketUrlSigner`), both accepted by AWS IoT.
 *
 * Validity: with `X-Amz-Expires`, the URL is valid from 5 minutes before `X-Amz-Date` until `X-Amz-Date + expires`
 * (at most 7 days). Without it (the AWS SDKs do not send it), the URL is accepted while `X-Amz-Date` is within
 * 15 minutes of the emulator's clock either way.
 */
internal class SigV4Verifier(
    private val region: String,
    private val lookup: (String) -> EmulatorCredentials?,
    private val clock: () -> Instant = Instant::now,
) {
    sealed class Result {
        class Verified(val accessKeyId: String) : Result()
        class Rejected(val reason: String) : Result()
    }

    fun verify(method: String, path: String, rawQuery: String?, headers: Map<String, String>): Result {
        val params = parseQuery(rawQuery)
        fun param(name: String) = params.firstOrNull { it.first == name }?.second
        val algorithm = param("X-Amz-Algorithm") ?: return Result.Rejected("missing X-Amz-Algorithm")
        if (algorithm != SigV4.ALGORITHM) return Result.Rejected("unsupported algorithm")
        val credential = param("X-Amz-Credential") ?: return Result.Rejected("missing X-Amz-Credential")
        val amzDate = param("X-Amz-Date") ?: return Result.Rejected("missing X-Amz-Date")
        val signature = param("X-Amz-Signature") ?: return Result.Rejected("missing X-Amz-Signature")
        val parts = credential.split('/')
        if (parts.size != 5 || parts[4] != "aws4_request") return Result.Rejected("malformed credential scope")
        val (accessKeyId, scopeDate, scopeRegion, scopeService) = parts
        if (scopeService !in SERVICES) return Result.Rejected("credential scope service must be one of $SERVICES")
        if (scopeRegion != region) return Result.Rejected("credential scope region $scopeRegion is not $region")
        val signedAt = try {
            LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC)
        } catch (e: DateTimeParseException) {
            return Result.Rejected("malformed X-Amz-Date")
        }
        if (!amzDate.startsWith(scopeDate)) return Result.Rejected("credential scope date does not match X-Amz-Date")
        val now = clock()
        val expires = param("X-Amz-Expires")
        if (expires != null) {
            val seconds = expires.toLongOrNull() ?: return Result.Rejected("malformed X-Amz-Expires")
            if (seconds !in 1..MAX_EXPIRES_SECONDS) return Result.Rejected("X-Amz-Expires out of range")
            if (now.isBefore(signedAt.minus(SKEW))) return Result.Rejected("signature not yet valid")
            if (now.isAfter(signedAt.plusSeconds(seconds))) return Result.Rejected("signature expired")
        } else if (Duration.between(signedAt, now).abs() > NO_EXPIRES_WINDOW) {
            return Result.Rejected("signature expired (X-Amz-Date more than 15 minutes away)")
        }
        val credentials = lookup(accessKeyId) ?: return Result.Rejected("unknown access key id")
        val token = param("X-Amz-Security-Token")
        if (credentials.sessionToken != token) {
            return Result.Rejected(if (token == null) "missing session token" else "session token does not match")
        }
        val signedHeaders = (param("X-Amz-SignedHeaders") ?: "host").split(';').map { it.lowercase() }
        val canonicalQuery = SigV4.canonicalQuery(
            params.filter {
                it.first != "X-Amz-Signature" &&
                    it.first != "X-Amz-Security-Token"
            },
        )
        val candidates = mutableListOf(headers)
        val host = headers["host"]
        if (host != null && host.contains(':') && !host.endsWith("]")) {
            candidates += headers + ("host" to host.substringBeforeLast(':'))
        }
        for (candidate in candidates) {
            val canonicalRequest = SigV4.canonicalRequest(
                method,
                SigV4.uriEncode(path, encodeSlash = false),
                canonicalQuery,
                SigV4.canonicalHeaders(candidate, signedHeaders),
                signedHeaders.joinToString(";"),
                SigV4.EMPTY_PAYLOAD_SHA256,
            )
            val expected = SigV4.signature(credentials.secretAccessKey, amzDate, region, scopeService, canonicalRequest)
            if (MessageDigest.isEqual(
                    expected.toByteArray(),
                    signature.lowercase().toByteArray(),
                )
            ) {
                return Result.Verified(accessKeyId)
            }
        }
        return Result.Rejected("signature does not match")
    }

    companion object {
        /** The signing names AWS IoT accepts on a WebSocket upgrade (spec/connect.md §3). */
        val SERVICES: Set<String> = setOf("iotdevicegateway", "iotdata")
        private const val MAX_EXPIRES_SECONDS = 604_800L
        private val SKEW: Duration = Duration.ofMinutes(5)
        private val NO_EXPIRES_WINDOW: Duration = Duration.ofMinutes(15)
        private val AMZ_DATE: DateTimeFormatter = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
    }
}
