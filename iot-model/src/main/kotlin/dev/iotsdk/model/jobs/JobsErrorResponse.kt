@file:UseSerializers(EpochSecondsSerializer::class)

package dev.iotsdk.model.jobs

import kotlinx.serialization.Serializable
import kotlinx.serialization.UseSerializers
import java.time.Instant

/** The body of every `…/rejected` jobs message (ErrorResponse). */
@Serializable
public data class JobsErrorResponse(
    /** The error code. */
    val code: JobsErrorCode? = null,
    /** What went wrong. */
    val message: String? = null,
    /** The request's token. */
    val clientToken: String? = null,
    /** When the message was sent. */
    val timestamp: Instant? = null,
    /** The current state, for InvalidStateTransition and VersionMismatch. */
    val executionState: JobExecutionState? = null,
)
