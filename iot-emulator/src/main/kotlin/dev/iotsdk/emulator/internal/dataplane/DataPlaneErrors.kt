package dev.iotsdk.emulator.internal.dataplane

import dev.iotsdk.emulator.internal.http.HttpReply
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * Error replies as AWS IoT's REST endpoint frames them (spec dataplane.md §3): `x-amzn-ErrorType: <Exception>` on
 * every error plus a JSON body with `message` (and, for shadow operations, the shadow error document itself).
 */
internal object DataPlaneErrors {
    private val names = mapOf(
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

    fun error(status: Int, message: String): HttpReply =
        errorWithBody(status, JsonObject(mapOf("message" to JsonPrimitive(message))).toString())

    /** An error whose body is already a JSON document (the shadow service's error document). */
    fun errorWithBody(status: Int, json: String): HttpReply =
        HttpReply.json(status, json, mapOf("x-amzn-ErrorType" to "${names[status] ?: "InternalFailureException"}:"))

    fun invalid(message: String): HttpReply = error(400, message)

    fun methodNotAllowed(method: String): HttpReply = error(405, "Method $method is not allowed on this resource")
}
