package dev.iotsdk.auth.internal

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.SignedRequest
import dev.iotsdk.auth.SigningRequest
import java.time.Instant
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter

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
    private val AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
    private val WHITESPACE = Regex("\\s+")
    private val SKIPPED_HEADERS = setOf(
        "host", "authorization", "user-agent", "x-amzn-trace-id", "expect", "connection", "upgrade",
        "transfer-encoding", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256",
    )

    fun sign(request: SigningRequest, credentials: Credentials, options: SigningOptions): SignedRequest {
        require(options.region.isNotBlank()) { "region must not be blank" }
        require(options.service.isNotBlank()) { "service must not be blank" }
        val amzDate = AMZ_DATE.format(options.time)
        val scope = "${amzDate.substring(0, 8)}/${options.region}/${options.service}/$TERMINATOR"
        val payloadHash = request.payloadHash ?: Hashing.sha256Hex(request.bodyForHashing())
        val token = credentials.sessionToken
        val signToken = token != null && !options.omitSessionToken
        val header = options.location == SignatureLocation.HEADER

        // Headers to sign, lower-cased, values trimmed and folded, repeated names joined by ','.
        val signed = sortedMapOf<String, MutableList<String>>()
        signed["host"] = mutableListOf(request.host.trim())
        for ((name, value) in request.headers) {
            val lower = name.trim().lowercase()
            if (lower in SKIPPED_HEADERS || lower.startsWith("sec-websocket-")) continue
            signed.getOrPut(lower) { mutableListOf() } += value.trim().replace(WHITESPACE, " ")
        }
        val added = mutableListOf<Pair<String, String>>()
        if (header) {
            added += "X-Amz-Date" to amzDate
            signed["x-amz-date"] = mutableListOf(amzDate)
            if (token != null) {
                added += "X-Amz-Security-Token" to token
                if (signToken) signed["x-amz-security-token"] = mutableListOf(token)
            }
            if (options.addContentSha256Header) {
                added += "x-amz-content-sha256" to payloadHash
                signed["x-amz-content-sha256"] = mutableListOf(payloadHash)
            }
        }
        val signedHeaders = signed.keys.joinToString(";")
        val canonicalHeaders = signed.entries.joinToString("") { (k, v) -> "$k:${v.joinToString(",")}\n" }

        // Query: the request's parameters plus, when presigning, the X-Amz-* ones.
        val authParams = mutableListOf<Pair<String, String>>()
        if (!header) {
            authParams += "X-Amz-Algorithm" to ALGORITHM
            authParams += "X-Amz-Credential" to "${credentials.accessKeyId}/$scope"
            authParams += "X-Amz-Date" to amzDate
            authParams += "X-Amz-SignedHeaders" to signedHeaders
            options.expiresSeconds?.let { authParams += "X-Amz-Expires" to it.toString() }
            if (signToken) authParams += "X-Amz-Security-Token" to token
        }
        val encodedParams = (request.query + authParams).map { (k, v) -> UriEncoding.encode(k) to UriEncoding.encode(v) }
        val canonicalQuery = encodedParams
            .sortedWith(compareBy<Pair<String, String>> { it.first }.thenBy { it.second })
            .joinToString("&") { (k, v) -> "$k=$v" }

        val canonicalRequest = listOf(
            request.method.uppercase(),
            canonicalPath(request.path, options.normalizePath, options.doubleEncodePath),
            canonicalQuery,
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ).joinToString("\n")
        val stringToSign = "$ALGORITHM\n$amzDate\n$scope\n${Hashing.sha256Hex(canonicalRequest.toByteArray(Charsets.UTF_8))}"
        val signature = Hashing.hex(Hashing.hmacSha256(signingKey(credentials.secretAccessKey, scope), stringToSign))

        val finalQuery = buildList {
            addAll(encodedParams)
            if (!header) {
                add("X-Amz-Signature" to signature)
                if (token != null && !signToken) add("X-Amz-Security-Token" to UriEncoding.encode(token))
            }
        }.joinToString("&") { (k, v) -> "$k=$v" }

        if (header) {
            added += "Authorization" to
                "$ALGORITHM Credential=${credentials.accessKeyId}/$scope, SignedHeaders=$signedHeaders, Signature=$signature"
        }
        return SignedRequest(added, finalQuery, signature, canonicalRequest, stringToSign, request.host, request.path)
    }

    /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
    private fun signingKey(secret: String, scope: String): ByteArray {
        var key = "AWS4$secret".toByteArray(Charsets.UTF_8)
        for (part in scope.split('/')) key = Hashing.hmacSha256(key, part)
        return key
    }

    /**
     * The canonical URI: optionally normalised (dot segments removed, empty segments collapsed), then each segment
     * URI-encoded again ([doubleEncode], every service except S3) or only where not already encoded (S3).
     */
    fun canonicalPath(path: String, normalize: Boolean, doubleEncode: Boolean): String {
        if (path.isEmpty()) return "/"
        val base = if (normalize) normalizePath(path) else path
        return base.split('/').joinToString("/") { UriEncoding.encode(it, keepPercentEscapes = !doubleEncode) }
    }

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
