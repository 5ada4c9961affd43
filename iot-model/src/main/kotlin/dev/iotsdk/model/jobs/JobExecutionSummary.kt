@file:UseSerializers(EpochSecondsSerializer::class)

package dev.iotsdk.model.jobs

import kotlinx.serialization.Serializable
import kotlinx.serialization.UseSerializers
import java.time.Instant

/*
 * Wire models. Stability: fields follow AWS's documented JSON (spec/jobs.md); AWS may add fields, which this release
 * ignores. They are data classes for convenience: new optional fields may be appended in later releases, so prefer
 * named arguments and avoid destructuring.
 */

/** A short description of an execution in the pending list and in notify messages (no status, no document). */
@Serializable
public data class JobExecutionSummary(
    /** The job's id. */
    val jobId: String,
    /** When the execution was queued. */
    val queuedAt: Instant? = null,
    /** When the execution was started. */
    val startedAt: Instant? = null,
    /** When the execution was last updated. */
    val lastUpdatedAt: Instant? = null,
    /** The execution's version. */
    val versionNumber: Long? = null,
    /** The execution number. */
    val executionNumber: Long? = null,
)
