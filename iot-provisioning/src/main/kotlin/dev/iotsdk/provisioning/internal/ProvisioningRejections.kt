package dev.iotsdk.provisioning.internal

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.core.RequestRejectedException
import dev.iotsdk.core.internal.requestresponse.RejectionMapper
import dev.iotsdk.model.IotJson
import dev.iotsdk.model.provisioning.ProvisioningErrorResponse
import dev.iotsdk.provisioning.ProvisioningRejectedException
import kotlinx.serialization.SerializationException

/**
 * Turns a fleet provisioning `…/rejected` message (`statusCode`, `errorCode`, `errorMessage`) into a typed exception.
 */
@OptIn(InternalIotSdkApi::class)
internal object ProvisioningRejections : RejectionMapper {
    override fun map(rejection: RequestRejectedException): Throwable {
        val error = try {
            IotJson.decodeFromString(ProvisioningErrorResponse.serializer(), rejection.payload.decodeToString())
        } catch (e: SerializationException) {
            null
        } catch (e: IllegalArgumentException) {
            null
        }
        return ProvisioningRejectedException(rejection.topic, error?.statusCode, error?.errorCode, error?.errorMessage)
    }
}
