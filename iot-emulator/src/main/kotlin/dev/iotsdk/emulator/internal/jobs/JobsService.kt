package dev.iotsdk.emulator.internal.jobs

import dev.iotsdk.emulator.JobExecutionInfo
import dev.iotsdk.emulator.internal.ReservedTopicService
import dev.iotsdk.emulator.internal.ServiceContext
import dev.iotsdk.emulator.internal.ServiceRequest
import dev.iotsdk.emulator.internal.jobs.JobExecutionRecord.Companion.CANCELED
import dev.iotsdk.emulator.internal.jobs.JobExecutionRecord.Companion.DEVICE_STATUSES
import dev.iotsdk.emulator.internal.jobs.JobExecutionRecord.Companion.IN_PROGRESS
import dev.iotsdk.emulator.internal.jobs.JobExecutionRecord.Companion.QUEUED
import dev.iotsdk.emulator.internal.jobs.JobExecutionRecord.Companion.TIMED_OUT
import kotlinx.serialization.SerializationException
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.booleanOrNull
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject
import java.nio.ByteBuffer
import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction
import java.util.concurrent.ScheduledExecutorService
import java.util.concurrent.TimeUnit

/**
 * The emulator's AWS IoT Jobs service (spec/jobs.md): the device-side MQTT API, the execution state machine, step
 * timers, `notify` / `notify-next`, and the admin operations behind [dev.iotsdk.emulator.IotEmulator]'s jobs calls.
 * All state sits behind one lock; requests arrive on the services' threads, admin calls on any thread.
 */
internal class JobsService(
    private val publisher: (topic: String, payload: ByteArray) -> Unit,
    private val scheduler: ScheduledExecutorService,
    private val clock: () -> Long = System::currentTimeMillis,
) : ReservedTopicService {
    private val lock = Any()
    private val jobs = LinkedHashMap<String, JobRecord>()
    private val executions = HashMap<String, MutableList<JobExecutionRecord>>()
    private var sequence = 0L

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
        require(inProgressTimeoutMinutes == null || inProgressTimeoutMinutes in 1..MAX_STEP_MINUTES) {
            "inProgressTimeoutInMinutes must be between 1 and $MAX_STEP_MINUTES"
        }
        require(targets.isNotEmpty()) { "a job needs at least one target thing" }
        targets.forEach { require(it.matches(THING_NAME)) { "invalid thing name '$it'" } }
        val parsed = try {
            JSON.parseToJsonElement(document)
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

    private fun info(it: JobExecutionRecord): JobExecutionInfo = JobExecutionInfo(
        it.jobId, it.thingName, it.status, it.statusDetails.toMap(), it.versionNumber, it.executionNumber,
        it.queuedAt, it.startedAt, it.lastUpdatedAt,
    )

    // ---- requests --------------------------------------------------------------------------------------------

    private class Rejection(val code: String, message: String, val state: JsonObject? = null) : Exception(message)

    /** Answers go through [respond]: only to the requesting connection (spec/jobs.md §1.1). */
    private fun handle(topic: JobsTopic, payload: ByteArray, respond: (String, JsonObject) -> Unit) {
        val body = try {
            parseBody(payload)
        } catch (e: Rejection) {
            reject(topic.topic, null, e, respond)
            return
        }
        val token = (body["clientToken"] as? JsonPrimitive)?.takeIf { it.isString }?.content
        try {
            if (body["clientToken"] != null &&
                token == null
            ) {
                throw Rejection(INVALID_REQUEST, "clientToken must be a string")
            }
            val response = when (topic) {
                is JobsTopic.GetPending -> getPending(topic.thingName)
                is JobsTopic.StartNext -> startNext(topic.thingName, body)
                is JobsTopic.Describe -> describe(topic.thingName, topic.jobId, body)
                is JobsTopic.Update -> update(topic.thingName, topic.jobId, body)
                is JobsTopic.Invalid -> throw Rejection(
                    INVALID_TOPIC,
                    "The topic ${topic.topic} does not map to any jobs API",
                )
            }
            val out = buildJsonObject {
                response.forEach { (k, v) -> put(k, v) }
                put("timestamp", clock() / 1000)
                token?.let { put("clientToken", it) }
            }
            respond("${topic.topic}/accepted", out)
        } catch (e: Rejection) {
            reject(topic.topic, token, e, respond)
        }
    }

    private fun reject(requestTopic: String, token: String?, e: Rejection, respond: (String, JsonObject) -> Unit) {
        respond(
            "$requestTopic/rejected",
            buildJsonObject {
                put("code", e.code)
                put("message", e.message)
                token?.let { put("clientToken", it) }
                put("timestamp", clock() / 1000)
                e.state?.let { put("executionState", it) }
            },
        )
    }

    private fun parseBody(payload: ByteArray): JsonObject {
        val text = try {
            Charsets.UTF_8.newDecoder().onMalformedInput(
                CodingErrorAction.REPORT,
            ).onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(payload)).toString()
        } catch (e: CharacterCodingException) {
            throw Rejection(INVALID_JSON, "The request is not valid UTF-8")
        }
        if (text.isBlank()) return JsonObject(emptyMap())
        val element = try {
            JSON.parseToJsonElement(text)
        } catch (e: SerializationException) {
            throw Rejection(INVALID_JSON, "The request could not be parsed as JSON")
        }
        return element as? JsonObject ?: throw Rejection(INVALID_JSON, "The request must be a JSON object")
    }

    private fun getPending(thing: String): JsonObject {
        val pending = pending(thing)
        return buildJsonObject {
            put("inProgressJobs", JsonArray(pending.filter { it.status == IN_PROGRESS }.map { it.summary() }))
            put("queuedJobs", JsonArray(pending.filter { it.status == QUEUED }.map { it.summary() }))
        }
    }

    private fun startNext(thing: String, body: JsonObject): JsonObject {
        val details = statusDetails(body)
        val stepTimeout = stepTimeout(body)
        val next = pending(thing).firstOrNull() ?: return JsonObject(emptyMap())
        changing(thing) {
            if (next.status == QUEUED) {
                val now = clock() / 1000
                next.status = IN_PROGRESS
                startInProgressTimer(next)
                next.startedAt = now
                next.lastUpdatedAt = now
                next.versionNumber++
                details?.let { next.statusDetails = it }
            }
            stepTimeout?.let { startStepTimer(next, it) }
        }
        return buildJsonObject { put("execution", next.execution(includeDocument = true, clock())) }
    }

    private fun describe(thing: String, jobId: String, body: JsonObject): JsonObject {
        if (jobId != JobsTopic.NEXT &&
            !jobId.matches(JOB_ID)
        ) {
            throw Rejection(INVALID_REQUEST, "Invalid job id '$jobId'")
        }
        val executionNumber = long(body, "executionNumber")
        val includeDocument = boolean(body, "includeJobDocument") ?: true
        val record = if (jobId == JobsTopic.NEXT) {
            pending(thing).firstOrNull()
                ?: throw Rejection(RESOURCE_NOT_FOUND, "No pending job execution for thing $thing")
        } else {
            find(thing, jobId)
                ?: throw Rejection(RESOURCE_NOT_FOUND, "Job execution $jobId does not exist for thing $thing")
        }
        if (executionNumber != null && executionNumber != record.executionNumber) {
            throw Rejection(
                RESOURCE_NOT_FOUND,
                "Execution number $executionNumber of job ${record.jobId} does not exist for thing $thing",
            )
        }
        if (!record.isPending) {
            throw Rejection(
                TERMINAL_STATE_REACHED,
                "Job execution ${record.jobId} is in the terminal state ${record.status}",
            )
        }
        return buildJsonObject { put("execution", record.execution(includeDocument, clock())) }
    }

    private fun update(thing: String, jobId: String, body: JsonObject): JsonObject {
        if (!jobId.matches(JOB_ID)) throw Rejection(INVALID_REQUEST, "Invalid job id '$jobId'")
        val statusElement = body["status"] as? JsonPrimitive
        if (statusElement == null ||
            !statusElement.isString
        ) {
            throw Rejection(INVALID_REQUEST, "status must be specified on every update")
        }
        val status = statusElement.content
        if (status !in DEVICE_STATUSES) {
            throw Rejection(
                INVALID_REQUEST,
                "status must be one of IN_PROGRESS, SUCCEEDED, FAILED or REJECTED, not '$status'",
            )
        }
        val details = statusDetails(body)
        val expectedVersion = expectedVersion(body)
        val executionNumber = long(body, "executionNumber")
        val includeState = boolean(body, "includeJobExecutionState") ?: false
        val includeDocument = boolean(body, "includeJobDocument") ?: false
        val stepTimeout = stepTimeout(body)
        val record =
            find(thing, jobId)
                ?: throw Rejection(RESOURCE_NOT_FOUND, "Job execution $jobId does not exist for thing $thing")
        if (executionNumber != null && executionNumber != record.executionNumber) {
            throw Rejection(
                RESOURCE_NOT_FOUND,
                "Execution number $executionNumber of job $jobId does not exist for thing $thing",
            )
        }
        if (!record.isPending) {
            throw Rejection(
                INVALID_STATE_TRANSITION,
                "Cannot update job execution $jobId from the terminal state ${record.status} to $status",
                record.state(),
            )
        }
        if (expectedVersion != null && expectedVersion != record.versionNumber) {
            throw Rejection(
                VERSION_MISMATCH,
                "Expected version $expectedVersion does not match the current version ${record.versionNumber}",
                record.state(),
            )
        }
        changing(thing) {
            val now = clock() / 1000
            if (record.status == QUEUED && status == IN_PROGRESS) startInProgressTimer(record)
            if (record.startedAt == null && status == IN_PROGRESS) record.startedAt = now
            record.status = status
            details?.let { record.statusDetails = it }
            record.versionNumber++
            record.lastUpdatedAt = now
            if (!record.isPending) {
                record.stepDeadlineMillis = null
            } else if (stepTimeout != null) {
                startStepTimer(record, stepTimeout)
            }
        }
        return buildJsonObject {
            if (includeState) put("executionState", record.state())
            if (includeDocument) put("jobDocument", record.job.document)
        }
    }

    // ---- state -----------------------------------------------------------------------------------------------

    private fun find(thing: String, jobId: String): JobExecutionRecord? = executions[thing]?.firstOrNull {
        it.jobId ==
            jobId
    }

    /** Pending executions in `$next` order: IN_PROGRESS first, then QUEUED, each in creation order. */
    private fun pending(thing: String): List<JobExecutionRecord> = executions[thing].orEmpty().filter { it.isPending }
        .sortedWith(compareBy<JobExecutionRecord> { if (it.status == IN_PROGRESS) 0 else 1 }.thenBy { it.sequence })

    private fun finish(record: JobExecutionRecord, status: String) {
        record.status = status
        record.lastUpdatedAt = clock() / 1000
        record.stepDeadlineMillis = null
        record.inProgressDeadlineMillis = null
    }

    /** The job's in-progress timer, started when an execution leaves QUEUED (AWS: `inProgressTimeoutInMinutes`). */
    private fun startInProgressTimer(record: JobExecutionRecord) {
        val minutes = record.job.inProgressTimeoutMinutes ?: return
        val deadline = clock() + TimeUnit.MINUTES.toMillis(minutes)
        record.inProgressDeadlineMillis = deadline
        scheduler.schedule({
            synchronized(lock) {
                if (record.inProgressDeadlineMillis == deadline && record.isPending) {
                    changing(record.thingName) { finish(record, TIMED_OUT) }
                    flushNotifications()
                }
            }
        }, deadline - clock(), TimeUnit.MILLISECONDS)
    }

    private fun startStepTimer(record: JobExecutionRecord, minutes: Long) {
        val deadline = clock() + TimeUnit.MINUTES.toMillis(minutes)
        record.stepDeadlineMillis = deadline
        scheduler.schedule({
            synchronized(lock) {
                if (record.stepDeadlineMillis == deadline && record.isPending) {
                    changing(record.thingName) { finish(record, TIMED_OUT) }
                    flushNotifications()
                }
            }
        }, deadline - clock(), TimeUnit.MILLISECONDS)
    }

    private val queuedNotifications = mutableListOf<Pair<String, JsonObject>>()

    /**
     * Runs [change] on [thing]'s executions and queues `notify` when the set of pending executions changed and
     * `notify-next` when `$next` changed (DG walkthrough: status changes within the list publish nothing). Admin
     * calls publish at once; requests publish after their response.
     */
    private fun changing(thing: String, change: () -> Unit) {
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
    private var inRequest = false

    private fun flushNotifications() {
        val out = queuedNotifications.toList()
        queuedNotifications.clear()
        out.forEach { (topic, json) -> publish(topic, json) }
    }

    private fun publish(topic: String, json: JsonObject) = publisher(topic, json.toString().encodeToByteArray())

    // ---- request fields --------------------------------------------------------------------------------------

    private fun statusDetails(body: JsonObject): Map<String, String>? {
        val element = body["statusDetails"] ?: return null
        if (element is JsonNull) return null
        val obj =
            element as? JsonObject
                ?: throw Rejection(INVALID_REQUEST, "statusDetails must be an object of string values")
        return obj.mapValues { (key, value) ->
            if (!key.matches(DETAILS_KEY)) throw Rejection(INVALID_REQUEST, "Invalid statusDetails key '$key'")
            val text = (value as? JsonPrimitive)?.takeIf { it.isString }?.content
                ?: throw Rejection(INVALID_REQUEST, "statusDetails value of '$key' must be a string")
            if (text.isEmpty() || text.length > MAX_DETAILS_VALUE || text.any { Character.isISOControl(it) }) {
                throw Rejection(INVALID_REQUEST, "Invalid statusDetails value of '$key'")
            }
            text
        }
    }

    private fun stepTimeout(body: JsonObject): Long? {
        val minutes = long(body, "stepTimeoutInMinutes") ?: return null
        if (minutes !in
            1..MAX_STEP_MINUTES
        ) {
            throw Rejection(INVALID_REQUEST, "stepTimeoutInMinutes must be between 1 and 10080")
        }
        return minutes
    }

    private fun expectedVersion(body: JsonObject): Long? {
        val element = body["expectedVersion"] ?: return null
        if (element is JsonNull) return null
        val primitive =
            element as? JsonPrimitive ?: throw Rejection(INVALID_REQUEST, "expectedVersion must be a number")
        return primitive.content.toLongOrNull() ?: throw Rejection(INVALID_REQUEST, "expectedVersion must be a number")
    }

    private fun long(body: JsonObject, field: String): Long? {
        val element: JsonElement = body[field] ?: return null
        if (element is JsonNull) return null
        val primitive = element as? JsonPrimitive
        if (primitive == null || primitive.isString) throw Rejection(INVALID_REQUEST, "$field must be a number")
        return primitive.content.toLongOrNull() ?: throw Rejection(INVALID_REQUEST, "$field must be a whole number")
    }

    private fun boolean(body: JsonObject, field: String): Boolean? {
        val element = body[field] ?: return null
        if (element is JsonNull) return null
        val primitive = element as? JsonPrimitive
        if (primitive == null || primitive.isString) throw Rejection(INVALID_REQUEST, "$field must be true or false")
        return primitive.booleanOrNull ?: throw Rejection(INVALID_REQUEST, "$field must be true or false")
    }

    companion object {
        private val JSON = Json
        private val JOB_ID = Regex("[a-zA-Z0-9_-]{1,64}")
        private val THING_NAME = Regex("[a-zA-Z0-9:_-]{1,128}")
        private val DETAILS_KEY = Regex("[a-zA-Z0-9:_-]{1,128}")
        private const val MAX_DETAILS_VALUE = 1024
        private const val MAX_STEP_MINUTES = 10080L
        private const val MAX_NOTIFY = 10
        private const val MAX_DOCUMENT_BYTES = 32768

        const val INVALID_TOPIC = "InvalidTopic"
        const val INVALID_JSON = "InvalidJson"
        const val INVALID_REQUEST = "InvalidRequest"
        const val INVALID_STATE_TRANSITION = "InvalidStateTransition"
        const val RESOURCE_NOT_FOUND = "ResourceNotFound"
        const val VERSION_MISMATCH = "VersionMismatch"
        const val TERMINAL_STATE_REACHED = "TerminalStateReached"
    }
}
