@file:UseSerializers(EpochSecondsSerializer::class)

package dev.iotsdk.model.jobs

import kotlinx.serialization.Serializable
import kotlinx.serialization.UseSerializers

/*
 * Wire models. Stability: fields follow AWS's documented JSON (spec/jobs.md); AWS may add fields, which this release
 * ignores. They are data classes for convenience: new optional fields may be appended in later releases, so prefer
 * named arguments and avoid destructuring.
 */

/**
 * The state of an execution as returned by update (when asked for) and in VersionMismatch/InvalidStateTransition
 * errors.
 */
@Serializable
public data class JobExecutionState(
    /** The status. */
    val status: JobStatus? = null,
    /** The status details. */
    val statusDetails: Map<String, String>? = null,
    /** The version. */
    val versionNumber: Long? = null,
)
