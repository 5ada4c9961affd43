package dev.iotsdk.model.jobs

import kotlinx.serialization.Serializable

/** The DescribeJobExecution request, published to `$aws/things/<thing>/jobs/<jobId or $next>/get`. */
@Serializable
public data class DescribeJobExecutionRequest(
    /** The execution to describe; the latest when `null`. */
    val executionNumber: Long? = null,
    /** Whether the response carries the job document; AWS's default is `true`. */
    val includeJobDocument: Boolean? = null,
    /** Echoed in the response. */
    val clientToken: String? = null,
)
