@file:UseSerializers(EpochSecondsSerializer::class)

package dev.iotsdk.model.jobs

import kotlinx.serialization.Serializable
import kotlinx.serialization.UseSerializers
import java.time.Instant

/** The answer on `…/jobs/get/accepted`: the executions not in a terminal state. */
@Serializable
public data class GetPendingJobExecutionsResponse(
    /** The IN_PROGRESS executions. */
    val inProgressJobs: List<JobExecutionSummary>? = null,
    /** The QUEUED executions, oldest first. */
    val queuedJobs: List<JobExecutionSummary>? = null,
    /** When the message was sent. */
    val timestamp: Instant? = null,
    /** The request's token. */
    val clientToken: String? = null,
)
