package dev.iotsdk.dataplane.internal

import dev.iotsdk.dataplane.ConflictException
import dev.iotsdk.dataplane.DataPlaneServiceException
import dev.iotsdk.dataplane.ForbiddenException
import dev.iotsdk.dataplane.InternalFailureException
import dev.iotsdk.dataplane.InvalidRequestException
import dev.iotsdk.dataplane.MethodNotAllowedException
import dev.iotsdk.dataplane.RequestEntityTooLargeException
import dev.iotsdk.dataplane.ResourceNotFoundException
import dev.iotsdk.dataplane.ServiceUnavailableException
import dev.iotsdk.dataplane.ThrottlingException
import dev.iotsdk.dataplane.UnauthorizedException
import dev.iotsdk.dataplane.UnsupportedDocumentEncodingException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Turns an HTTP error response into the typed exception, as restJson1 clients do (spec dataplane.md §3): the error
 * name from `x-amzn-ErrorType` (the part before `:` and after `#`), else the body's `code` or `__type`; when that is
 * missing, numeric (the shadow error document's `"code": 404`) or unknown, the HTTP status decides.
 */
internal object ErrorMapping {
    private val byName: Map<String, (String, Int, String?) -> DataPlaneServiceException> = mapOf(
        "InvalidRequestException" to ::InvalidRequestException,
        "UnauthorizedException" to ::UnauthorizedException,
        "ForbiddenException" to ::ForbiddenException,
        "ResourceNotFoundException" to ::ResourceNotFoundException,
        "MethodNotAllowedException" to ::MethodNotAllowedException,
        "ConflictException" to ::ConflictException,
        "RequestEntityTooLargeException" to ::RequestEntityTooLargeException,
        "UnsupportedDocumentEncodingException" to ::UnsupportedDocumentEncodingException,
        "ThrottlingException" to ::ThrottlingException,
        "InternalFailureException" to ::InternalFailureException,
        "ServiceUnavailableException" to ::ServiceUnavailableException,
    )

    private val byStatus: Map<Int, String> = mapOf(
        400 to "InvalidRequestException",
        401 to "UnauthorizedException",
        403 to "ForbiddenException",
        404 to "ResourceNotFoundException",
        405 to "MethodNotAllowedException",
        409 to "ConflictException",
        413 to "RequestEntityTooLargeException",
        415 to "UnsupportedDocumentEncodingException",
        429 to "ThrottlingException",
        500 to "InternalFailureException",
        503 to "ServiceUnavailableException",
    )

    fun exception(
        operation: String,
        status: Int,
        header: (String) -> String?,
        body: ByteArray,
    ): DataPlaneServiceException {
        val json = runCatching { Json.parseToJsonElement(body.decodeToString()) as? JsonObject }.getOrNull()
        fun field(vararg names: String): String? =
            names.firstNotNullOfOrNull { (json?.get(it) as? JsonPrimitive)?.content?.takeIf { v -> v.isNotBlank() } }
        val requestId = header("x-amzn-RequestId") ?: header("x-amz-request-id")
        val declared = sanitize(header("x-amzn-ErrorType") ?: field("code", "__type"))
        val name = declared?.takeIf { it in byName } ?: byStatus[status]
        val message = (header("x-amzn-error-message") ?: field("message", "Message", "errorMessage"))?.take(MAX_MESSAGE)
        val code = name ?: declared ?: status.toString()
        val text = buildString {
            append(operation).append(" failed: ").append(code).append(" (HTTP ").append(status).append(')')
            if (message != null) append(": ").append(message)
            if (requestId != null) append(" [request id ").append(requestId).append(']')
        }
        val factory = name?.let { byName[it] }
        return factory?.invoke(text, status, requestId)
            ?: DataPlaneServiceException(
                text,
                declared ?: status.toString(),
                status,
                requestId,
                isRetryable =
                status >= 500,
            )
    }

    /** `FooError:http://…` → `FooError`, `aws.protocoltests#FooError` → `FooError`; numbers and blanks → `null`. */
    internal fun sanitize(raw: String?): String? {
        val value = raw?.substringBefore(':')?.substringAfter('#')?.trim()
        return value?.takeIf { it.isNotEmpty() && it.toIntOrNull() == null }
    }

    private const val MAX_MESSAGE = 500
}
