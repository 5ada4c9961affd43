@file:UseSerializers(EpochSecondsSerializer::class)

package dev.iotsdk.model.jobs

import kotlinx.serialization.Serializable
import kotlinx.serialization.UseSerializers
import java.time.Instant

/**
 * A `$aws/things/<thing>/jobs/notify` message (JobExecutionsChanged): the pending executions keyed by status
 * (IN_PROGRESS, QUEUED); statuses with none are absent, and an empty map means nothing is pending.
 */
@Serializable
public data class JobExecutionsChangedEvent(
    /** The pending executions by status. */
    val jobs: Map<JobStatus, List<JobExecutionSummary>>? = null,
    /** When the message was sent. */
    val timestamp: Instant? = null,
)
