@file:UseSerializers(EpochSecondsSerializer::class)

package dev.iotsdk.model.jobs

import kotlinx.serialization.Serializable
import kotlinx.serialization.UseSerializers
import java.time.Instant

/**
 * A `$aws/things/<thing>/jobs/notify-next` message (NextJobExecutionChanged): the execution `$next` now names, with
 * its document, or no [execution] when nothing is pending any more.
 */
@Serializable
public data class NextJobExecutionChangedEvent(
    /** The next execution; `null` when the queue became empty. */
    val execution: JobExecution? = null,
    /** When the message was sent. */
    val timestamp: Instant? = null,
)
