package dev.iotsdk.model.jobs

import kotlinx.serialization.Serializable

/** The StartNextPendingJobExecution request, published to `$aws/things/<thing>/jobs/start-next`. */
@Serializable
public data class StartNextPendingJobExecutionRequest(
    /** Status details to set if a QUEUED execution is started; unchanged when `null`. */
    val statusDetails: Map<String, String>? = null,
    /** A step timer, 1–10080 minutes. */
    val stepTimeoutInMinutes: Long? = null,
    /** Echoed in the response. */
    val clientToken: String? = null,
)
