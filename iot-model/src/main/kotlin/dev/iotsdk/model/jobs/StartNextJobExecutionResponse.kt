@file:UseSerializers(EpochSecondsSerializer::class)

package dev.iotsdk.model.jobs

import kotlinx.serialization.Serializable
import kotlinx.serialization.UseSerializers
import java.time.Instant

/** The answer on `…/jobs/start-next/accepted`; [execution] is absent when nothing is pending. */
@Serializable
public data class StartNextJobExecutionResponse(
    /** The started (or already IN_PROGRESS) execution, with its document; `null` when none is pending. */
    val execution: JobExecution? = null,
    /** When the message was sent. */
    val timestamp: Instant? = null,
    /** The request's token. */
    val clientToken: String? = null,
)
