package dev.iotsdk.emulator.internal.jobs

import dev.iotsdk.emulator.internal.jobs.JobExecutionRecord.Companion.DEVICE_STATUSES
import dev.iotsdk.emulator.internal.jobs.JobExecutionRecord.Companion.IN_PROGRESS
import dev.iotsdk.emulator.internal.jobs.JobExecutionRecord.Companion.QUEUED
import dev.iotsdk.emulator.internal.jobs.JobsService.Companion.INVALID_REQUEST
import dev.iotsdk.emulator.internal.jobs.JobsService.Companion.INVALID_STATE_TRANSITION
import dev.iotsdk.emulator.internal.jobs.JobsService.Companion.INVALID_TOPIC
import dev.iotsdk.emulator.internal.jobs.JobsService.Companion.JOB_ID
import dev.iotsdk.emulator.internal.jobs.JobsService.Companion.RESOURCE_NOT_FOUND
import dev.iotsdk.emulator.internal.jobs.JobsService.Companion.TERMINAL_STATE_REACHED
import dev.iotsdk.emulator.internal.jobs.JobsService.Companion.VERSION_MISMATCH
import dev.iotsdk.emulator.internal.jobs.JobsService.Rejection
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put

// The device side of the Jobs API (spec/jobs.md §3): one MQTT request in, its accepted or rejected answer out. Runs
// under JobsService.lock, on the services' thread.

internal fun JobsService.handle(topic: JobsTopic, payload: ByteArray, respond: (String, JsonObject) -> Unit) {
    val body = try {
        JobsRequestFields.parseBody(payload)
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

internal fun JobsService.reject(
    requestTopic: String,
    token: String?,
    e: Rejection,
    respond: (String, JsonObject) -> Unit,
) {
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

internal fun JobsService.getPending(thing: String): JsonObject {
    val pending = pending(thing)
    return buildJsonObject {
        put("inProgressJobs", JsonArray(pending.filter { it.status == IN_PROGRESS }.map { it.summary() }))
        put("queuedJobs", JsonArray(pending.filter { it.status == QUEUED }.map { it.summary() }))
    }
}

internal fun JobsService.startNext(thing: String, body: JsonObject): JsonObject {
    val details = JobsRequestFields.statusDetails(body)
    val stepTimeout = JobsRequestFields.stepTimeout(body)
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

internal fun JobsService.describe(thing: String, jobId: String, body: JsonObject): JsonObject {
    if (jobId != JobsTopic.NEXT &&
        !jobId.matches(JOB_ID)
    ) {
        throw Rejection(INVALID_REQUEST, "Invalid job id '$jobId'")
    }
    val executionNumber = JobsRequestFields.long(body, "executionNumber")
    val includeDocument = JobsRequestFields.boolean(body, "includeJobDocument") ?: true
    val record = if (jobId == JobsTopic.NEXT) {
        // nothing pending: accepted without an `execution` member, not rejected (spec/jobs.md §3.3)
        pending(thing).firstOrNull() ?: return JsonObject(emptyMap())
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

internal fun JobsService.update(thing: String, jobId: String, body: JsonObject): JsonObject {
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
    val details = JobsRequestFields.statusDetails(body)
    val expectedVersion = JobsRequestFields.numberOrString(body, "expectedVersion")
    val executionNumber = JobsRequestFields.numberOrString(body, "executionNumber")
    val includeState = JobsRequestFields.boolean(body, "includeJobExecutionState") ?: false
    val includeDocument = JobsRequestFields.boolean(body, "includeJobDocument") ?: false
    val stepTimeout = JobsRequestFields.stepTimeout(body)
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
