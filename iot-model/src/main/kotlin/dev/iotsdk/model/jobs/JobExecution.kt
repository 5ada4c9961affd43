@file:UseSerializers(EpochSecondsSerializer::class)

package dev.iotsdk.model.jobs

import dev.iotsdk.model.IotJson
import kotlinx.serialization.DeserializationStrategy
import kotlinx.serialization.Serializable
import kotlinx.serialization.UseSerializers
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.serializer
import java.time.Instant

/*
 * Wire models. Stability: fields follow AWS's documented JSON (spec/jobs.md); AWS may add fields, which this release
 * ignores. They are data classes for convenience: new optional fields may be appended in later releases, so prefer
 * named arguments and avoid destructuring.
 */

/**
 * One job execution on one thing (`JobExecutionData` in the v2 SDKs): the answer of start-next and describe, and the
 * payload of notify-next. Every field is optional because AWS omits what it does not send (for example
 * [jobDocument] unless asked for, [startedAt] before the execution started).
 */
@Serializable
public data class JobExecution(
    /** The job's id. */
    val jobId: String,
    /** The thing the execution runs on. */
    val thingName: String? = null,
    /** The job document (a JSON object on MQTT); decode it with [decodeDocument]. */
    val jobDocument: JsonObject? = null,
    /** The execution's status. */
    val status: JobStatus? = null,
    /** Name/value pairs the device reported. */
    val statusDetails: Map<String, String>? = null,
    /** When the execution was queued. */
    val queuedAt: Instant? = null,
    /** When the execution was started. */
    val startedAt: Instant? = null,
    /** When the execution was last updated. */
    val lastUpdatedAt: Instant? = null,
    /** The execution's version, incremented on every device update. */
    val versionNumber: Long? = null,
    /** The number identifying this execution of the job on this thing. */
    val executionNumber: Long? = null,
    /** Estimated seconds left before the execution times out. */
    val approximateSecondsBeforeTimedOut: Long? = null,
) {
    /**
     * Decodes [jobDocument] into the caller's type with [IotJson].
     * @throws IllegalStateException when the execution carries no document.
     * @throws kotlinx.serialization.SerializationException when it does not fit [deserializer].
     */
    public fun <T> decodeDocument(deserializer: DeserializationStrategy<T>): T {
        val document =
            checkNotNull(jobDocument) {
                "job execution $jobId carries no job document; ask for it with includeJobDocument"
            }
        return IotJson.decodeFromJsonElement(deserializer, document)
    }

    /** Decodes [jobDocument] into [T]; see [decodeDocument]. */
    public inline fun <reified T> decodeDocument(): T = decodeDocument(serializer<T>())
}
