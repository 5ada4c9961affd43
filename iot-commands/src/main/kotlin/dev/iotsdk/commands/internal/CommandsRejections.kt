package dev.iotsdk.commands.internal

import dev.iotsdk.commands.CommandsRejectedException
import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.core.RequestRejectedException
import dev.iotsdk.core.internal.requestresponse.RejectionMapper
import dev.iotsdk.model.IotJson
import dev.iotsdk.model.commands.RejectedErrorCode
import dev.iotsdk.model.commands.V2ErrorResponse
import kotlinx.serialization.SerializationException

/** Turns a commands `…/rejected/json` message into a [CommandsRejectedException] with the typed code. */
@OptIn(InternalIotSdkApi::class)
internal object CommandsRejections : RejectionMapper {
    override fun map(rejection: RequestRejectedException): Throwable {
        val error = decode(rejection.payload)
        return CommandsRejectedException(
            error?.error ?: RejectedErrorCode.of(rejection.errorCode ?: "Unknown"),
            error?.errorMessage ?: rejection.serviceMessage,
            error?.executionId,
            rejection.topic,
        )
    }

    /** The error response, or `null` when the payload is not one (the code then comes from the engine's reading). */
    private fun decode(payload: ByteArray): V2ErrorResponse? = runCatching {
        IotJson.decodeFromString(V2ErrorResponse.serializer(), payload.decodeToString())
    }.getOrElse { if (it is SerializationException || it is IllegalArgumentException) null else throw it }
}
