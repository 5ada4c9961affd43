package dev.iotsdk.jobs.internal

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.core.RequestRejectedException
import dev.iotsdk.core.internal.requestresponse.RejectionMapper
import dev.iotsdk.jobs.JobsRejectedException
import dev.iotsdk.model.IotJson
import dev.iotsdk.model.jobs.JobsErrorCode
import dev.iotsdk.model.jobs.JobsErrorResponse
import kotlinx.serialization.SerializationException

/** Turns a jobs `…/rejected` message into a [JobsRejectedException] with the typed code and execution state. */
@OptIn(InternalIotSdkApi::class)
internal object JobsRejections : RejectionMapper {
    override fun map(rejection: RequestRejectedException): Throwable {
        val error = try {
            IotJson.decodeFromString(JobsErrorResponse.serializer(), rejection.payload.decodeToString())
        } catch (e: SerializationException) {
            null
        } catch (e: IllegalArgumentException) {
            null
        }
        val code = error?.code ?: JobsErrorCode.of(rejection.errorCode ?: "Unknown")
        return JobsRejectedException(
            code,
            error?.message ?: rejection.serviceMessage,
            error?.executionState,
            rejection.correlationToken,
            rejection.topic,
        )
    }
}
