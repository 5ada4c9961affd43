package dev.iotsdk.model.jobs

import kotlinx.serialization.Serializable

/** The GetPendingJobExecutions request, published to `$aws/things/<thing>/jobs/get`. */
@Serializable
public data class GetPendingJobExecutionsRequest(
    /** Echoed in the response to correlate it. */
    val clientToken: String? = null,
)
