package dev.iotsdk.emulator.internal.dataplane

import dev.iotsdk.emulator.EmulatorCredentials
import dev.iotsdk.emulator.internal.SigV4
import dev.iotsdk.emulator.internal.http.HttpCall
import dev.iotsdk.emulator.internal.parseQuery
import java.security.MessageDigest
import java.time.Duration
import java.time.Instant
import java.time.LocalDateTime
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import java.time.format.DateTimeParseException

/**
 * Verifies `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` on data-plane requests
 * (spec dataplane.md §1): scope service `iotdata` or `iotdevicegateway`, the emulator's region, `X-Amz-Date` within
 * 15 minutes of the emulator's clock, the session token in `X-Amz-Security-Token` when the credentials have one,
 * the payload hash of the body (or `x-amz-content-sha256` when sent), and the path as on the wire encoded once more
 * (non-S3 services double-encode). Reasons never contain secrets.
 */
internal class HeaderSigV4Verifier(
    private val region: String,
    private val lookup: (String) -> EmulatorCredentials?,
    private val clock: () -> Instant = Instant::now,
    /** The credential-scope services accepted (the data plane's by default; `iot` for the control plane). */
    private val services: Set<String> = DATA_PLANE_SERVICES,
) {
    /** `null` when the request is correctly signed, else why not. */
    fun problem(call: HttpCall): String? {
        val authorization = call.header("authorization") ?: return "Missing Authentication Token"
        if (!authorization.startsWith(SigV4.ALGORITHM + " ")) return "Unsupported authorization type"
        val fields = authorization.removePrefix(SigV4.ALGORITHM).split(',').associate {
            val kv = it.trim().split('=', limit = 2)
            kv[0] to kv.getOrElse(1) { "" }
        }
        val credential = fields["Credential"] ?: return "Authorization header requires 'Credential' parameter"
        val signedHeaders = fields["SignedHeaders"]?.split(';')?.map { it.lowercase() }
            ?: return "Authorization header requires 'SignedHeaders' parameter"
        val signature = fields["Signature"] ?: return "Authorization header requires 'Signature' parameter"
        val scope = credential.split('/')
        if (scope.size != 5 ||
            scope[4] != "aws4_request"
        ) {
            return "Credential should be scoped to a valid region, service and date"
        }
        val (accessKeyId, scopeDate, scopeRegion, service) = scope
        if (service !in services) return "Credential should be scoped to correct service: '${services.first()}'"
        if (scopeRegion != region) return "Credential should be scoped to a valid region, not '$scopeRegion'"
        val amzDate = call.header("x-amz-date") ?: return "Missing X-Amz-Date header"
        val signedAt = try {
            LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC)
        } catch (e: DateTimeParseException) {
            return "Invalid X-Amz-Date"
        }
        if (!amzDate.startsWith(scopeDate)) return "Credential should be scoped to the date of X-Amz-Date"
        if (Duration.between(signedAt, clock()).abs() >
            WINDOW
        ) {
            return "Signature expired: $amzDate is more than 15 minutes from the server time"
        }
        if ("host" !in signedHeaders) return "'Host' must be a signed header"
        val credentials = lookup(accessKeyId) ?: return "The security token included in the request is invalid"
        val token = call.header("x-amz-security-token")
        if (credentials.sessionToken != null &&
            credentials.sessionToken != token
        ) {
            return "The security token included in the request is invalid"
        }
        val payloadHash = call.header("x-amz-content-sha256") ?: SigV4.sha256Hex(call.body)
        val headers = call.headers.mapValues { (_, v) -> v.joinToString(",") }
        val candidates = mutableListOf(headers)
        val host = headers["host"]
        if (host != null &&
            host.contains(':') &&
            !host.endsWith("]")
        ) {
            candidates += headers + ("host" to host.substringBeforeLast(':'))
        }
        val canonicalQuery = SigV4.canonicalQuery(parseQuery(call.rawQuery))
        for (candidate in candidates) {
            val canonicalRequest = SigV4.canonicalRequest(
                call.method,
                SigV4.uriEncode(call.rawPath, encodeSlash = false),
                canonicalQuery,
                SigV4.canonicalHeaders(candidate, signedHeaders),
                signedHeaders.joinToString(";"),
                payloadHash,
            )
            val expected = SigV4.signature(credentials.secretAccessKey, amzDate, region, service, canonicalRequest)
            if (MessageDigest.isEqual(expected.toByteArray(), signature.lowercase().toByteArray())) return null
        }
        return "The request signature we calculated does not match the signature you provided. " +
            "Check your AWS Secret Access Key and signing method."
    }

    /** The access key id of the `Authorization` header's credential scope (read it after [problem] said `null`). */
    fun accessKeyId(call: HttpCall): String? = Companion.accessKeyId(call)

    companion object {
        /** The access key id of [call]'s `Authorization` header, `null` when unsigned (trust it once verified). */
        fun accessKeyId(call: HttpCall): String? = call.header("authorization")
            ?.substringAfter("Credential=", "")?.substringBefore('/')?.trim()?.takeIf { it.isNotEmpty() }

        /** The services of the data plane's credential scope. */
        val DATA_PLANE_SERVICES: Set<String> = setOf("iotdata", "iotdevicegateway")
        private val WINDOW: Duration = Duration.ofMinutes(15)
        private val AMZ_DATE: DateTimeFormatter = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
    }
}
