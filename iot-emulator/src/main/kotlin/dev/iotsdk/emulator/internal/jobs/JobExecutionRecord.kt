package dev.iotsdk.emulator.internal.jobs

import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonObjectBuilder
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject

/** A job created through the admin API. */
internal class JobRecord(
    val jobId: String,
    val document: JsonObject,
    val targets: List<String>,
    /** The job's `timeoutConfig.inProgressTimeoutInMinutes`, or `null`. */
    val inProgressTimeoutMinutes: Long? = null,
    /** Seconds since the epoch when the job was created. */
    val createdAt: Long = System.currentTimeMillis() / 1000,
) {
    /** Seconds since the epoch when the job was canceled, or `null`; set under the service's lock. */
    @Volatile
    var canceledAt: Long? = null
}

/** One execution of a job on a thing; mutated only under the service's lock. */
internal class JobExecutionRecord(
    val job: JobRecord,
    val thingName: String,
    /** Creation order, for "returned in the order in which they were created". */
    val sequence: Long,
    val queuedAt: Long,
) {
    var status: String = QUEUED
    var statusDetails: Map<String, String> = emptyMap()
    var startedAt: Long? = null
    var lastUpdatedAt: Long = queuedAt
    var versionNumber: Long = 1
    val executionNumber: Long = 1

    /** Epoch milliseconds when the step timer fires, if one runs. */
    var stepDeadlineMillis: Long? = null

    /** Epoch milliseconds when the job's in-progress timer fires, if one runs (set when the execution starts). */
    var inProgressDeadlineMillis: Long? = null

    val jobId: String get() = job.jobId
    val isPending: Boolean get() = status == QUEUED || status == IN_PROGRESS

    /** The JobExecutionSummary shape (notify, get pending): no status, no document. */
    fun summary(): JsonObject = buildJsonObject {
        put("jobId", jobId)
        put("queuedAt", queuedAt)
        startedAt?.let { put("startedAt", it) }
        put("lastUpdatedAt", lastUpdatedAt)
        put("executionNumber", executionNumber)
        put("versionNumber", versionNumber)
    }

    /** The JobExecutionState shape (update responses, errors). */
    fun state(): JsonObject = buildJsonObject {
        put("status", status)
        if (statusDetails.isNotEmpty()) putDetails(statusDetails)
        put("versionNumber", versionNumber)
    }

    /** The JobExecution shape (start-next, describe; notify-next without the thing name, as the DG shows it). */
    fun execution(includeDocument: Boolean, nowMillis: Long, includeThingName: Boolean = true): JsonObject =
        buildJsonObject {
            put("jobId", jobId)
            if (includeThingName) put("thingName", thingName)
            put("status", status)
            if (statusDetails.isNotEmpty()) putDetails(statusDetails)
            put("queuedAt", queuedAt)
            startedAt?.let { put("startedAt", it) }
            put("lastUpdatedAt", lastUpdatedAt)
            put("versionNumber", versionNumber)
            put("executionNumber", executionNumber)
            stepDeadlineMillis?.let { put("approximateSecondsBeforeTimedOut", maxOf(0L, (it - nowMillis) / 1000)) }
            if (includeDocument) put("jobDocument", job.document)
        }

    private fun JsonObjectBuilder.putDetails(details: Map<String, String>) {
        putJsonObject("statusDetails") { details.forEach { (k, v) -> put(k, v) } }
    }

    companion object {
        const val QUEUED = "QUEUED"
        const val IN_PROGRESS = "IN_PROGRESS"
        const val SUCCEEDED = "SUCCEEDED"
        const val FAILED = "FAILED"
        const val REJECTED = "REJECTED"
        const val CANCELED = "CANCELED"
        const val TIMED_OUT = "TIMED_OUT"
        const val REMOVED = "REMOVED"

        /** The statuses a device may set with UpdateJobExecution. */
        val DEVICE_STATUSES: Set<String> = setOf(IN_PROGRESS, SUCCEEDED, FAILED, REJECTED)
    }
}
