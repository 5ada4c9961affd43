package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.internal.http.HttpReply
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive

/**
 * An error of the control-plane API as the AWS IoT service model defines it: HTTP [status], the exception name in
 * `x-amzn-ErrorType` and a JSON body `{"message": …}`. Messages never contain secrets.
 */
internal class ApiError(val status: Int, val type: String, message: String) : Exception(message) {
    fun reply(): HttpReply = HttpReply.json(
        status,
        JsonObject(mapOf("message" to JsonPrimitive(message.orEmpty()))).toString(),
        mapOf("x-amzn-ErrorType" to type),
    )

    companion object {
        fun invalid(message: String) = ApiError(400, "InvalidRequestException", message)

        fun notFound(message: String) = ApiError(404, "ResourceNotFoundException", message)

        fun alreadyExists(message: String) = ApiError(409, "ResourceAlreadyExistsException", message)

        fun deleteConflict(message: String) = ApiError(409, "DeleteConflictException", message)

        fun versionConflict(message: String) = ApiError(409, "VersionConflictException", message)

        fun invalidStateTransition(message: String) = ApiError(409, "InvalidStateTransitionException", message)

        fun certificateState(message: String) = ApiError(406, "CertificateStateException", message)

        /**
         * An operation the emulator does not implement: HTTP 400 with `UnknownOperationException` (the error AWS
         * front ends answer for operations they do not know), so SDKs raise their generic service exception.
         */
        fun unsupported(method: String, path: String) =
            ApiError(400, "UnknownOperationException", "$method $path is not supported by the iotsdk emulator")

        /** A request the emulator refused before routing (bad or unknown signature). */
        fun unauthenticated(reason: String): ApiError = ApiError(
            403,
            if (reason.contains("security token")) "UnrecognizedClientException" else "InvalidSignatureException",
            reason,
        )
    }
}
