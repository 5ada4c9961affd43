package dev.iotsdk.auth.internal

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.SignedRequest
import dev.iotsdk.auth.SigningRequest
import java.time.Instant
import java.time.LocalDateTime
import java.time.ZoneOffset
import java.util.TreeMap

/** Where the signature goes. */
internal enum class SignatureLocation { HEADER, QUERY }

/** Options of one signing operation. */
internal class SigningOptions(
    val region: String,
    val service: String,
    val time: Instant,
    val location: SignatureLocation,
    val expiresSeconds: Long? = null,
    val omitSessionToken: Boolean = false,
    val normalizePath: Boolean = true,
    val doubleEncodePath: Boolean = true,
    val addContentSha256Header: Boolean = false,
)

/**
 * AWS Signature Version 4 (AWS4-HMAC-SHA256): canonical request, string to sign, signing key, signature, following
 * the published SigV4 rules and checked against the AWS signing test suite.
 */
internal object SigV4Signer {
    const val ALGORITHM = "AWS4-HMAC-SHA256"
    private const val TERMINATOR = "aws4_request"
    private const val YEAR_DIGITS = 4
    private val SKIPPED_HEADERS = setOf(
        "host", "authorization", "user-agent", "x-amzn-trace-id", "expect", "connection", "upgrade",
        "transfer-encoding", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256",
    )
    private val QUERY_ORDER: Comparator<Pair<String, String>> = Comparator { a, b ->
        val byName = a.first.compareTo(b.first)
        if (byName != 0) byName else a.second.compareTo(b.second)
    }

    fun sign(request: SigningRequest, credentials: Credentials, options: SigningOptions): SignedRequest {
        require(options.region.isNotBlank()) { "region must not be blank" }
        require(options.service.isNotBlank()) { "service must not be blank" }
        val amzDate = amzDate(options.time)
        val scope = "${amzDate.substring(0, 8)}/${options.region}/${options.service}/$TERMINATOR"
        val body = request.bodyForHashing()
        val payloadHash = request.payloadHash ?: if (body.isEmpty()) Hashing.EMPTY_SHA256 else Hashing.sha256Hex(body)
        val token = credentials.sessionToken
        val signToken = token != null && !options.omitSessionToken
        val header = options.location == SignatureLocation.HEADER

        // Headers to sign, lower-cased, values trimmed and folded, repeated names joined by ','.
        val signed = TreeMap<String, String>()
        signed["host"] = request.host.trim()
        for ((name, value) in request.headers) {
            val lower = name.trim().lowercase()
            if (lower in SKIPPED_HEADERS || lower.startsWith("sec-websocket-")) continue
            val folded = fold(value)
            signed[lower] = signed[lower]?.let { "$it,$folded" } ?: folded
        }
        val added = ArrayList<Pair<String, String>>(4)
        if (header) {
            added += "X-Amz-Date" to amzDate
            signed["x-amz-date"] = amzDate
            if (token != null) {
                added += "X-Amz-Security-Token" to token
                if (signToken) signed["x-amz-security-token"] = token
            }
            if (options.addContentSha256Header) {
                added += "x-amz-content-sha256" to payloadHash
                signed["x-amz-content-sha256"] = payloadHash
            }
        }
        val signedHeaders = signed.keys.joinToString(";")

        // Query: the request's parameters plus, when presigning, the X-Amz-* ones.
        val authParams = ArrayList<Pair<String, String>>()
        if (!header) {
            authParams += "X-Amz-Algorithm" to ALGORITHM
            authParams += "X-Amz-Credential" to "${credentials.accessKeyId}/$scope"
            authParams += "X-Amz-Date" to amzDate
            authParams += "X-Amz-SignedHeaders" to signedHeaders
            options.expiresSeconds?.let { authParams += "X-Amz-Expires" to it.toString() }
            if (signToken) authParams += "X-Amz-Security-Token" to token
        }
        val encodedParams = ArrayList<Pair<String, String>>(request.query.size + authParams.size)
        for ((k, v) in request.query) encodedParams += UriEncoding.encode(k) to UriEncoding.encode(v)
        for ((k, v) in authParams) encodedParams += UriEncoding.encode(k) to UriEncoding.encode(v)
        val sortedParams = if (encodedParams.size < 2) encodedParams else encodedParams.sortedWith(QUERY_ORDER)

        val canonicalRequest = StringBuilder(256).apply {
            append(request.method.uppercase()).append('\n')
            append(canonicalPath(request.path, options.normalizePath, options.doubleEncodePath)).append('\n')
            appendQuery(this, sortedParams)
            append('\n')
            for ((k, v) in signed) append(k).append(':').append(v).append('\n')
            append('\n').append(signedHeaders).append('\n').append(payloadHash)
        }.toString()
        val stringToSign = "$ALGORITHM\n$amzDate\n$scope\n${Hashing.sha256Hex(
            canonicalRequest.toByteArray(Charsets.UTF_8),
        )}"
        val signature = Hashing.hex(
            Hashing.hmacSha256(Hashing.signingKey(credentials.secretAccessKey, scope), stringToSign),
        )

        val finalQuery = StringBuilder().also { q ->
            appendQuery(q, encodedParams)
            if (!header) {
                q.append(if (q.isEmpty()) "" else "&").append("X-Amz-Signature=").append(signature)
                if (token != null && !signToken) q.append("&X-Amz-Security-Token=").append(UriEncoding.encode(token))
            }
        }.toString()

        if (header) {
            added += "Authorization" to
                "$ALGORITHM Credential=${credentials.accessKeyId}/$scope, SignedHeaders=$signedHeaders, " +
                "Signature=$signature"
        }
        return SignedRequest(added, finalQuery, signature, canonicalRequest, stringToSign, request.host, request.path)
    }

    private fun appendQuery(out: StringBuilder, params: List<Pair<String, String>>) {
        for ((i, param) in params.withIndex()) {
            if (i > 0) out.append('&')
            out.append(param.first).append('=').append(param.second)
        }
    }

    /** `yyyyMMdd'T'HHmmss'Z'` in UTC, without a `DateTimeFormatter` (this runs on every request). */
    private fun amzDate(time: Instant): String {
        val t = LocalDateTime.ofEpochSecond(time.epochSecond, 0, ZoneOffset.UTC)
        val out = StringBuilder(16)
        appendPadded(out, t.year, YEAR_DIGITS)
        appendPadded(out, t.monthValue, 2)
        appendPadded(out, t.dayOfMonth, 2)
        out.append('T')
        appendPadded(out, t.hour, 2)
        appendPadded(out, t.minute, 2)
        appendPadded(out, t.second, 2)
        return out.append('Z').toString()
    }

    private fun appendPadded(out: StringBuilder, value: Int, width: Int) {
        val digits = value.toString()
        repeat(width - digits.length) { out.append('0') }
        out.append(digits)
    }

    /** A header value trimmed, with each run of whitespace (`\s`) folded to one space (values rarely need it). */
    private fun fold(value: String): String {
        val trimmed = value.trim()
        var previousSpace = false
        var clean = true
        for (c in trimmed) {
            val space = isSpace(c)
            if (space && (c != ' ' || previousSpace)) {
                clean = false
                break
            }
            previousSpace = space
        }
        if (clean) return trimmed
        val out = StringBuilder(trimmed.length)
        var inSpace = false
        for (c in trimmed) {
            if (isSpace(c)) {
                if (!inSpace) out.append(' ')
                inSpace = true
            } else {
                out.append(c)
                inSpace = false
            }
        }
        return out.toString()
    }

    /** The characters of the regular expression class `\s`. */
    private fun isSpace(c: Char): Boolean =
        c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\u000C' || c == '\r'

    /**
     * The canonical URI: optionally normalised (dot segments removed, empty segments collapsed), then each segment
     * URI-encoded again ([doubleEncode], every service except S3) or only where not already encoded (S3).
     */
    fun canonicalPath(path: String, normalize: Boolean, doubleEncode: Boolean): String {
        if (path.isEmpty()) return "/"
        val base = if (normalize && needsNormalizing(path)) normalizePath(path) else path
        val out = StringBuilder(base.length + 16)
        var start = 0
        while (true) {
            val slash = base.indexOf('/', start)
            val end = if (slash < 0) base.length else slash
            val segment = base.substring(start, end)
            out.append(
                if (segment.all(
                        ::isUnreserved,
                    )
                ) {
                    segment
                } else {
                    UriEncoding.encode(segment, keepPercentEscapes = !doubleEncode)
                },
            )
            if (slash < 0) break
            out.append('/')
            start = slash + 1
        }
        return out.toString()
    }

    private fun isUnreserved(c: Char): Boolean =
        c in 'A'..'Z' || c in 'a'..'z' || c in '0'..'9' || c == '-' || c == '_' || c == '.' || c == '~'

    /** Whether [normalizePath] would change [path]: no leading `/`, an empty segment, or a `.`/`..` segment. */
    private fun needsNormalizing(path: String): Boolean = !path.startsWith('/') ||
        path.contains("//") ||
        path.contains("/./") ||
        path.contains("/../") ||
        path.endsWith("/.") ||
        path.endsWith("/..")

    private fun normalizePath(path: String): String {
        val out = ArrayDeque<String>()
        val segments = path.split('/')
        for (segment in segments) {
            when (segment) {
                "", "." -> Unit
                ".." -> out.removeLastOrNull()
                else -> out.addLast(segment)
            }
        }
        val last = segments.last()
        val trailingSlash = out.isNotEmpty() && (last.isEmpty() || last == "." || last == "..")
        return "/" + out.joinToString("/") + if (trailingSlash) "/" else ""
    }
}
