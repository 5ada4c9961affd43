package dev.iotsdk.auth.internal

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.CredentialsException
import dev.iotsdk.auth.CredentialsNotAuthorizedException
import dev.iotsdk.auth.CredentialsResourceNotFoundException
import dev.iotsdk.auth.CredentialsServiceException
import dev.iotsdk.auth.CredentialsThrottledException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.time.Instant
import java.time.format.DateTimeParseException

/**
 * The AWS IoT credentials provider's answers: `{"credentials":{"accessKeyId","secretAccessKey","sessionToken",
 * "expiration"}}` (ISO-8601 expiration) or `{"message": ...}` with 403/404/429/5xx. Parsing failures never echo the
 * body.
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
        fun field(name: String): String = (c[name] as? JsonPrimitive)?.takeIf { it.isString && it.content.isNotBlank() }?.content
            ?: throw malformed("no $name")
        val expiration = try {
            Instant.parse(field("expiration"))
        } catch (e: DateTimeParseException) {
            throw malformed("expiration is not an ISO-8601 instant")
        }
        return Credentials(field("accessKeyId"), field("secretAccessKey"), field("sessionToken"), expiration)
    }

    private fun malformed(what: String) =
        CredentialsException("$SERVICE answered HTTP 200 with an unusable body ($what); check the endpoint", isRetryable = false)

    fun error(roleAlias: String, answer: CredentialsAnswer): CredentialsServiceException {
        val body = runCatching { Json.parseToJsonElement(answer.body) as? JsonObject }.getOrNull()
        val serviceMessage = (body?.get("message") as? JsonPrimitive)?.content?.take(MAX_MESSAGE)
        val requestId = answer.header("x-amzn-RequestId")
        val status = answer.status
        val code = status.toString()
        val base = "$SERVICE refused role alias '$roleAlias': HTTP $status${serviceMessage?.let { " ($it)" } ?: ""}"
        return when {
            status == FORBIDDEN -> CredentialsNotAuthorizedException(
                "$base; the certificate's policy must allow iot:AssumeRoleWithCertificate on the role alias and the certificate must be attached to the thing named",
                code, status, requestId,
            )
            status == NOT_FOUND -> CredentialsResourceNotFoundException("$base; check the role alias name and the endpoint", code, status, requestId)
            status == THROTTLED -> CredentialsThrottledException(base, code, status, requestId)
            else -> CredentialsServiceException(base, code, status, requestId, isRetryable = status >= SERVER_ERROR)
        }
    }

    private const val FORBIDDEN = 403
    private const val NOT_FOUND = 404
    private const val THROTTLED = 429
    private const val SERVER_ERROR = 500
    private const val MAX_MESSAGE = 300
}
