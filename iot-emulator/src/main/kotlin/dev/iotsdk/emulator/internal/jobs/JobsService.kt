package dev.iotsdk.emulator.internal.jobs

import dev.iotsdk.emulator.JobExecutionInfo
import dev.iotsdk.emulator.internal.ReservedTopicService
import dev.iotsdk.emulator.internal.ServiceContext
import dev.iotsdk.emulator.internal.ServiceRequest
import dev.iotsdk.emulator.internal.jobs.JobExecutionRecord.Companion.CANCELED
import dev.iotsdk.emulator.internal.jobs.JobExecutionRecord.Companion.IN_PROGRESS
import dev.iotsdk.emulator.internal.jobs.JobExecutionRecord.Companion.QUEUED
import dev.iotsdk.emulator.internal.jobs.JobExecutionRecord.Companion.TIMED_OUT
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.TimeUnit

/**
 * The emulator's AWS IoT Jobs service (spec/jobs.md): the device-side MQTT API, the execution state machine, step
 * timers, `notify` / `notify-next`, and the admin operations behind [dev.iotsdk.emulator.IotEmulator]'s jobs calls.
 * All state sits behind one lock; requests arrive on the services' threads, admin calls on any thread.
 */
internal class JobsService(
    internal val publisher: (topic: String, payload: ByteArray) -> Unit,
    internal val scheduler: ScheduledExecutorService,
    internal val clock: () -> Long = System::currentTimeMillis,
) : ReservedTopicService {
    internal val lock = Any()
    internal val jobs = LinkedHashMap<String, JobRecord>()
    internal val executions = HashMap<String, MutableList<JobExecutionRecord>>()
    internal var sequence = 0L

    override fun handles(topic: String): Boolean = JobsTopic.parse(topic) != null

    override fun onRequest(request: ServiceRequest, context: ServiceContext) {
        val topic = JobsTopic.parse(request.topic) ?: return
        synchronized(lock) {
            inRequest = true
            try {
                handle(topic, request.payload) { t, json ->
                    context.publishToClient(request.clientId, t, json.toString().encodeToByteArray())
                }
            } finally {
                inRequest = false
                flushNotifications()
            }
        }
    }

    // ---- admin -----------------------------------------------------------------------------------------------

    fun createJob(jobId: String, document: String, targets: List<String>, inProgressTimeoutMinutes: Long? = null) {
        require(jobId.matches(JOB_ID)) { "invalid job id '$jobId' (allowed: [a-zA-Z0-9_-]{1,64})" }
        require(inProgressTimeoutMinutes == null || inProgressTimeoutMinutes in 1..JobsRequestFields.MAX_STEP_MINUTES) {
            "inProgressTimeoutInMinutes must be between 1 and ${JobsRequestFields.MAX_STEP_MINUTES}"
        }
        require(targets.isNotEmpty()) { "a job needs at least one target thing" }
        targets.forEach { require(it.matches(THING_NAME)) { "invalid thing name '$it'" } }
        val parsed = try {
            Json.parseToJsonElement(document)
        } catch (e: SerializationException) {
            throw IllegalArgumentException("the job document is not JSON: ${e.message}", e)
        }
        require(parsed is JsonObject) { "the job document must be a JSON object" }
        require(document.encodeToByteArray().size <= MAX_DOCUMENT_BYTES) { "the job document is over 32 KB" }
        synchronized(lock) {
            require(!jobs.containsKey(jobId)) { "job '$jobId' already exists" }
            val job = JobRecord(jobId, parsed, targets.distinct(), inProgressTimeoutMinutes)
            jobs[jobId] = job
            val now = clock()
            for (thing in job.targets) {
                changing(thing) {
                    executions.getOrPut(thing) { mutableListOf() } +=
                        JobExecutionRecord(job, thing, sequence++, now / 1000)
                }
            }
        }
    }

    /** Every running step and in-progress timer fires now: those executions become TIMED_OUT. */
    fun expireTimers(): Int = synchronized(lock) {
        val due = executions.values.flatten()
            .filter { (it.stepDeadlineMillis != null || it.inProgressDeadlineMillis != null) && it.isPending }
        due.forEach { record -> changing(record.thingName) { finish(record, TIMED_OUT) } }
        flushNotifications()
        due.size
    }

    fun cancelJob(jobId: String, includeInProgress: Boolean = true) {
        synchronized(lock) {
            val job = requireNotNull(jobs[jobId]) { "no job '$jobId'" }
            job.canceledAt = clock() / 1000
            for (thing in job.targets) {
                val record = find(thing, jobId) ?: continue
                if (!record.isPending || (!includeInProgress && record.status == IN_PROGRESS)) continue
                changing(thing) { finish(record, CANCELED) }
            }
        }
    }

    fun deleteJobExecution(thingName: String, jobId: String) {
        synchronized(lock) {
            val record = requireNotNull(find(thingName, jobId)) { "no execution of '$jobId' on '$thingName'" }
            changing(thingName) {
                record.stepDeadlineMillis = null
                executions[thingName]?.remove(record)
            }
        }
    }

    fun jobExecution(thingName: String, jobId: String): JobExecutionInfo? = synchronized(lock) {
        find(thingName, jobId)?.let { info(it) }
    }

    // ---- control plane (internal/controlplane) -----------------------------------------------------------------

    /** Every job, in creation order. */
    fun jobs(): List<JobRecord> = synchronized(lock) { jobs.values.toList() }

    /** Job [jobId] and its executions now, or `null` when there is no such job. */
    fun jobSnapshot(jobId: String): Pair<JobRecord, List<JobExecutionInfo>>? = synchronized(lock) {
        val job = jobs[jobId] ?: return null
        job to job.targets.mapNotNull { find(it, jobId) }.map { info(it) }
    }

    /** The executions on [thingName], in creation order. */
    fun executionsOf(thingName: String): List<JobExecutionInfo> = synchronized(lock) {
        executions[thingName].orEmpty().sortedBy { it.sequence }.map { info(it) }
    }

    /** What [cancelExecution] did. */
    enum class CancelOutcome { CANCELED, NOT_FOUND, TERMINAL, NEEDS_FORCE, VERSION_MISMATCH }

    /** Cancels one execution: QUEUED always, IN_PROGRESS only with [force]; checks [expectedVersion] when given. */
    fun cancelExecution(thingName: String, jobId: String, force: Boolean, expectedVersion: Long?): CancelOutcome =
        synchronized(lock) {
            val record = find(thingName, jobId) ?: return CancelOutcome.NOT_FOUND
            when {
                !record.isPending -> CancelOutcome.TERMINAL
                record.status == IN_PROGRESS && !force -> CancelOutcome.NEEDS_FORCE
                expectedVersion != null && expectedVersion != record.versionNumber -> CancelOutcome.VERSION_MISMATCH
                else -> {
                    changing(thingName) { finish(record, CANCELED) }
                    CancelOutcome.CANCELED
                }
            }
        }

    /** Deletes job [jobId] and every execution of it; `false` when there is no such job. */
    fun deleteJob(jobId: String): Boolean = synchronized(lock) {
        val job = jobs.remove(jobId) ?: return false
        for (thing in job.targets) {
            val record = find(thing, jobId) ?: continue
            changing(thing) {
                record.stepDeadlineMillis = null
                record.inProgressDeadlineMillis = null
                executions[thing]?.remove(record)
            }
        }
        true
    }

    internal fun info(it: JobExecutionRecord): JobExecutionInfo = JobExecutionInfo(
        it.jobId, it.thingName, it.status, it.statusDetails.toMap(), it.versionNumber, it.executionNumber,
        it.queuedAt, it.startedAt, it.lastUpdatedAt,
    )

    // ---- requests --------------------------------------------------------------------------------------------

    internal class Rejection(
        val code: String,
        message: String,
        val state: JsonObject? = null,
        cause: Throwable? = null,
    ) : Exception(message, cause)

    /** Answers go through [respond]: only to the requesting connection (spec/jobs.md §1.1). */
    internal fun find(thing: String, jobId: String): JobExecutionRecord? = executions[thing]?.firstOrNull {
        it.jobId ==
            jobId
    }

    /** Pending executions in `$next` order: IN_PROGRESS first, then QUEUED, each in creation order. */
    internal fun pending(thing: String): List<JobExecutionRecord> = executions[thing].orEmpty().filter { it.isPending }
        .sortedWith(compareBy<JobExecutionRecord> { if (it.status == IN_PROGRESS) 0 else 1 }.thenBy { it.sequence })

    internal fun finish(record: JobExecutionRecord, status: String) {
        record.status = status
        record.lastUpdatedAt = clock() / 1000
        record.stepDeadlineMillis = null
        record.inProgressDeadlineMillis = null
    }

    /** The job's in-progress timer, started when an execution leaves QUEUED (AWS: `inProgressTimeoutInMinutes`). */
    internal fun startInProgressTimer(record: JobExecutionRecord) {
        val minutes = record.job.inProgressTimeoutMinutes ?: return
        val deadline = clock() + TimeUnit.MINUTES.toMillis(minutes)
        record.inProgressDeadlineMillis = deadline
        timeOutAt(record, deadline) { it.inProgressDeadlineMillis }
    }

    internal fun startStepTimer(record: JobExecutionRecord, minutes: Long) {
        val deadline = clock() + TimeUnit.MINUTES.toMillis(minutes)
        record.stepDeadlineMillis = deadline
        timeOutAt(record, deadline) { it.stepDeadlineMillis }
    }

    /** Runs the timers of a [record] restored from saved state (a deadline that passed meanwhile fires at once). */
    internal fun rearmTimers(record: JobExecutionRecord) {
        record.inProgressDeadlineMillis?.let { d -> timeOutAt(record, d) { it.inProgressDeadlineMillis } }
        record.stepDeadlineMillis?.let { d -> timeOutAt(record, d) { it.stepDeadlineMillis } }
    }

    /** At [deadline], [record] becomes TIMED_OUT if [current] still is that deadline and it is still pending. */
    private fun timeOutAt(record: JobExecutionRecord, deadline: Long, current: (JobExecutionRecord) -> Long?) {
        scheduler.schedule({
            synchronized(lock) {
                if (current(record) == deadline && record.isPending) {
                    changing(record.thingName) { finish(record, TIMED_OUT) }
                    flushNotifications()
                }
            }
        }, maxOf(0L, deadline - clock()), TimeUnit.MILLISECONDS)
    }

    internal val queuedNotifications = mutableListOf<Pair<String, JsonObject>>()

    /**
     * Runs [change] on [thing]'s executions and queues `notify` when the set of pending executions changed and
     * `notify-next` when `$next` changed (DG walkthrough: status changes within the list publish nothing). Admin
     * calls publish at once; requests publish after their response.
     */
    internal fun changing(thing: String, change: () -> Unit) {
        val beforeSet = pending(thing).map { it.jobId }.toSet()
        val beforeNext = pending(thing).firstOrNull()
        change()
        val after = pending(thing)
        val now = clock()
        if (after.map { it.jobId }.toSet() != beforeSet) {
            queuedNotifications += "\$aws/things/$thing/jobs/notify" to buildJsonObject {
                put("timestamp", now / 1000)
                putJsonObject("jobs") {
                    val listed = after.take(MAX_NOTIFY)
                    listed.filter {
                        it.status == IN_PROGRESS
                    }.takeIf { it.isNotEmpty() }?.let { list -> put(IN_PROGRESS, JsonArray(list.map { it.summary() })) }
                    listed.filter {
                        it.status == QUEUED
                    }.takeIf { it.isNotEmpty() }?.let { list -> put(QUEUED, JsonArray(list.map { it.summary() })) }
                }
            }
        }
        val next = after.firstOrNull()
        if (next !== beforeNext) {
            queuedNotifications += "\$aws/things/$thing/jobs/notify-next" to buildJsonObject {
                put("timestamp", now / 1000)
                next?.let { put("execution", it.execution(includeDocument = true, now, includeThingName = false)) }
            }
        }
        if (!inRequest) flushNotifications()
    }

    /** Set while a request is handled, so its notifications follow its response. */
    internal var inRequest = false

    internal fun flushNotifications() {
        val out = queuedNotifications.toList()
        queuedNotifications.clear()
        out.forEach { (topic, json) -> publish(topic, json) }
    }

    internal fun publish(topic: String, json: JsonObject) = publisher(topic, json.toString().encodeToByteArray())

    companion object {
        internal val JOB_ID = Regex("[a-zA-Z0-9_-]{1,64}")
        internal val THING_NAME = Regex("[a-zA-Z0-9:_-]{1,128}")
        internal const val MAX_NOTIFY = 10
        internal const val MAX_DOCUMENT_BYTES = 32768

        const val INVALID_TOPIC = "InvalidTopic"
        const val INVALID_JSON = "InvalidJson"
        const val INVALID_REQUEST = "InvalidRequest"
        const val INVALID_STATE_TRANSITION = "InvalidStateTransition"
        const val RESOURCE_NOT_FOUND = "ResourceNotFound"
        const val VERSION_MISMATCH = "VersionMismatch"
        const val TERMINAL_STATE_REACHED = "TerminalStateReached"
    }
}
