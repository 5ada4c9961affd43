package dev.iotsdk.provisioning.internal

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.core.RequestRejectedException
import dev.iotsdk.core.internal.requestresponse.RejectionMapper
import dev.iotsdk.model.provisioning.ProvisioningErrorResponse
import dev.iotsdk.provisioning.ProvisioningRejectedException
import kotlinx.serialization.SerializationException

/**
 * Turns a fleet provisioning `…/rejected` message (JSON or CBOR) (`statusCode`, `errorCode`, `errorMessage`) into a typed exception.
 */
@OptIn(InternalIotSdkApi::class)
internal class ProvisioningRejections(private val codec: ProvisioningCodec) : RejectionMapper {
    override fun map(rejection: RequestRejectedException): Throwable {
        val error = try {
            codec.decode(ProvisioningErrorResponse.serializer(), rejection.payload)
        } catch (e: SerializationException) {
            null
        } catch (e: IllegalArgumentException) {
            null
        }
        return ProvisioningRejectedException(rejection.topic, error?.statusCode, error?.errorCode, error?.errorMessage)
    }
}
