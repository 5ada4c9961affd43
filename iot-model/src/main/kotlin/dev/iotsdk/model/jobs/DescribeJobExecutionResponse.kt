@file:UseSerializers(EpochSecondsSerializer::class)

package dev.iotsdk.model.jobs

import kotlinx.serialization.Serializable
import kotlinx.serialization.UseSerializers
import java.time.Instant

/** The answer on `…/jobs/<jobId>/get/accepted`. */
@Serializable
public data class DescribeJobExecutionResponse(
    /** The execution. */
    val execution: JobExecution? = null,
    /** When the message was sent. */
    val timestamp: Instant? = null,
    /** The request's token. */
    val clientToken: String? = null,
)
