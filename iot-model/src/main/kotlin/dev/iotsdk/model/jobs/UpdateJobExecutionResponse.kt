@file:UseSerializers(EpochSecondsSerializer::class)

package dev.iotsdk.model.jobs

import kotlinx.serialization.Serializable
import kotlinx.serialization.UseSerializers
import kotlinx.serialization.json.JsonObject
import java.time.Instant

/** The answer on `…/jobs/<jobId>/update/accepted`; state and document only when asked for. */
@Serializable
public data class UpdateJobExecutionResponse(
    /** The new state, when `includeJobExecutionState` was set. */
    val executionState: JobExecutionState? = null,
    /** The job document, when `includeJobDocument` was set. */
    val jobDocument: JsonObject? = null,
    /** When the message was sent. */
    val timestamp: Instant? = null,
    /** The request's token. */
    val clientToken: String? = null,
)
