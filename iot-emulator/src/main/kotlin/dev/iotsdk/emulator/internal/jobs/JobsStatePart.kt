package dev.iotsdk.emulator.internal.jobs

import dev.iotsdk.emulator.internal.runtime.StatePart
import dev.iotsdk.emulator.internal.runtime.long
import dev.iotsdk.emulator.internal.runtime.longOrNull
import dev.iotsdk.emulator.internal.runtime.string
import dev.iotsdk.emulator.internal.runtime.stringMap
import dev.iotsdk.emulator.internal.runtime.strings
import dev.iotsdk.emulator.internal.runtime.toJson
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonArray

/**
 * The jobs a restart keeps (section `jobs`): each job (document, targets, timeout, creation and cancel times) and each
 * execution (status, details, version, execution number's order, times and running timers, whose deadlines keep
 * counting while the emulator is down).
 */
internal class JobsStatePart(private val service: JobsService) : StatePart {
    override val key: String = "jobs"

    override fun save(): JsonElement = synchronized(service.lock) {
        buildJsonObject {
            put("sequence", service.sequence)
            putJsonArray("jobs") { service.jobs.values.forEach { add(job(it)) } }
            putJsonArray("executions") {
                service.executions.values.flatten().sortedBy { it.sequence }.forEach { add(execution(it)) }
            }
        }
    }

    override fun restore(saved: JsonElement) {
        val root = saved.jsonObject
        val jobs = root.getValue("jobs").jsonArray.map { j ->
            j.jsonObject.let { o ->
                JobRecord(
                    o.string("jobId"),
                    o.getValue("document").jsonObject,
                    o.strings("targets"),
                    o.longOrNull("inProgressTimeoutMinutes"),
                    o.long("createdAt"),
                ).also { it.canceledAt = o.longOrNull("canceledAt") }
            }
        }.associateBy { it.jobId }
        val executions = root.getValue("executions").jsonArray.map { e ->
            e.jsonObject.let { o ->
                JobExecutionRecord(
                    jobs.getValue(o.string("jobId")),
                    o.string("thingName"),
                    o.long("sequence"),
                    o.long("queuedAt"),
                )
                    .apply {
                        status = o.string("status")
                        statusDetails = o.stringMap("statusDetails")
                        startedAt = o.longOrNull("startedAt")
                        lastUpdatedAt = o.long("lastUpdatedAt")
                        versionNumber = o.long("versionNumber")
                        stepDeadlineMillis = o.longOrNull("stepDeadlineMillis")
                        inProgressDeadlineMillis = o.longOrNull("inProgressDeadlineMillis")
                    }
            }
        }
        synchronized(service.lock) {
            service.sequence = root.long("sequence")
            service.jobs.putAll(jobs)
            executions.forEach { service.executions.getOrPut(it.thingName) { mutableListOf() } += it }
            executions.filter { it.isPending }.forEach(service::rearmTimers)
        }
    }

    private fun job(j: JobRecord): JsonObject = buildJsonObject {
        put("jobId", j.jobId)
        put("document", j.document)
        put("targets", j.targets.toJson())
        j.inProgressTimeoutMinutes?.let { put("inProgressTimeoutMinutes", it) }
        put("createdAt", j.createdAt)
        j.canceledAt?.let { put("canceledAt", it) }
    }

    private fun execution(e: JobExecutionRecord): JsonObject = buildJsonObject {
        put("jobId", e.jobId)
        put("thingName", e.thingName)
        put("sequence", e.sequence)
        put("queuedAt", e.queuedAt)
        put("status", e.status)
        put("statusDetails", e.statusDetails.toJson())
        e.startedAt?.let { put("startedAt", it) }
        put("lastUpdatedAt", e.lastUpdatedAt)
        put("versionNumber", e.versionNumber)
        e.stepDeadlineMillis?.let { put("stepDeadlineMillis", it) }
        e.inProgressDeadlineMillis?.let { put("inProgressDeadlineMillis", it) }
    }
}
