package dev.iotsdk.model.jobs

import kotlinx.serialization.Serializable

/**
 * The UpdateJobExecution request, published to `$aws/things/<thing>/jobs/<jobId>/update`. [expectedVersion] is read
 * as a string or a number and written as a string, like AWS's examples and the embedded SDK.
 */
@Serializable
public data class UpdateJobExecutionRequest(
    /** The new status: IN_PROGRESS, SUCCEEDED, FAILED or REJECTED. */
    val status: JobStatus,
    /** Status details to set; unchanged when `null`. */
    val statusDetails: Map<String, String>? = null,
    /** Rejected with VersionMismatch unless the execution has this version. */
    @Serializable(with = VersionSerializer::class)
    val expectedVersion: Long? = null,
    /** The execution to update; the latest when `null`. */
    val executionNumber: Long? = null,
    /** Whether the response carries the execution state (default `false`). */
    val includeJobExecutionState: Boolean? = null,
    /** Whether the response carries the job document (default `false`). */
    val includeJobDocument: Boolean? = null,
    /** A new step timer, 1–10080 minutes. */
    val stepTimeoutInMinutes: Long? = null,
    /** Echoed in the response. */
    val clientToken: String? = null,
)
