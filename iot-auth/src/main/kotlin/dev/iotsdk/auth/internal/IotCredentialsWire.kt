package dev.iotsdk.auth.internal

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.CredentialsException
import dev.iotsdk.auth.CredentialsNotAuthorizedException
import dev.iotsdk.auth.CredentialsResourceNotFoundException
import dev.iotsdk.auth.CredentialsRoleConfigurationException
import dev.iotsdk.auth.CredentialsServiceException
import dev.iotsdk.auth.CredentialsThrottledException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.time.Instant
import java.time.OffsetDateTime
import java.time.format.DateTimeParseException

/**
 * The AWS IoT credentials provider's answers, as aws-c-auth's `credentials_provider_x509.c` parses them and as AWS
 * answers (recorded in awslabs/aws-iot-core-credential-provider-session-helper `docs/dev_notes.md`):
 * - 200 `{"credentials":{"accessKeyId","secretAccessKey","sessionToken","expiration"}}`, expiration ISO-8601
 *   (`2023-02-06T05:54:46Z`);
 * - errors `{"message": …}` with `x-amzn-RequestId` and sometimes `x-amzn-ErrorType`: 403 `Invalid thing name passed`,
 *   `Access Denied` (no `iot:AssumeRoleWithCertificate`), `Certificate is invalid on this endpoint`; 404 `Role alias
 *   does not exist`; 400 `Unable to assume the role, or the role to assume does not exist` and `The requested
 *   CredentialDurationSeconds exceeds the MaxSessionDuration set for the role`; 429 and 5xx when busy.
 *
 * Parsing failures never echo the body.
 */
internal object IotCredentialsWire {
    const val THING_NAME_HEADER = "x-amzn-iot-thingname"
    private const val SERVICE = "AWS IoT credentials provider"

    fun credentials(answer: CredentialsAnswer): Credentials {
        val root = try {
            Json.parseToJsonElement(answer.body) as? JsonObject
        } catch (e: IllegalArgumentException) {
            null
        } ?: throw malformed("not a JSON object")
        val c = root["credentials"] as? JsonObject ?: throw malformed("no credentials object")
        fun field(name: String): String =
            (c[name] as? JsonPrimitive)?.takeIf { it.isString && it.content.isNotBlank() }?.content
                ?: throw malformed("no $name")
        val expiration = instant(field("expiration")) ?: throw malformed("expiration is not an ISO-8601 date-time")
        return Credentials(field("accessKeyId"), field("secretAccessKey"), field("sessionToken"), expiration)
    }

    /** `2023-02-06T05:54:46Z`, with or without fractions, `Z` or an offset. */
    private fun instant(text: String): Instant? = try {
        OffsetDateTime.parse(text).toInstant()
    } catch (e: DateTimeParseException) {
        null
    }

    private fun malformed(what: String) = CredentialsException(
        "$SERVICE answered HTTP 200 with an unusable body ($what); check the endpoint",
        isRetryable = false,
    )

    fun error(roleAlias: String, answer: CredentialsAnswer): CredentialsServiceException {
        val body = runCatching { Json.parseToJsonElement(answer.body) as? JsonObject }.getOrNull()
        val serviceMessage = (body?.get("message") as? JsonPrimitive)?.content?.take(MAX_MESSAGE)
        val requestId = answer.header("x-amzn-RequestId")
        val status = answer.status
        val code =
            answer.header("x-amzn-ErrorType")?.substringBefore(':')?.takeIf { it.isNotBlank() } ?: status.toString()
        val base = "$SERVICE refused role alias '$roleAlias': HTTP $status${serviceMessage?.let { " ($it)" } ?: ""}"
        return when {
            status == BAD_REQUEST -> CredentialsRoleConfigurationException(
                "$base; the IAM role behind the role alias must exist, trust credentials.iot.amazonaws.com and " +
                    "allow sessions " +
                    "as long as the alias's credentialDurationSeconds",
                code,
                status,
                requestId,
            )
            status == FORBIDDEN -> CredentialsNotAuthorizedException(
                "$base; the certificate must be active, its policy must allow iot:AssumeRoleWithCertificate on " +
                    "the role alias, " +
                    "and the thing named must be attached to it",
                code,
                status,
                requestId,
            )
            status == NOT_FOUND -> CredentialsResourceNotFoundException(
                "$base; check the role alias name and the endpoint",
                code,
                status,
                requestId,
            )
            status == THROTTLED -> CredentialsThrottledException(base, code, status, requestId)
            else -> CredentialsServiceException(base, code, status, requestId, isRetryable = status >= SERVER_ERROR)
        }
    }

    private const val BAD_REQUEST = 400
    private const val FORBIDDEN = 403
    private const val NOT_FOUND = 404
    private const val THROTTLED = 429
    private const val SERVER_ERROR = 500
    private const val MAX_MESSAGE = 300
}
