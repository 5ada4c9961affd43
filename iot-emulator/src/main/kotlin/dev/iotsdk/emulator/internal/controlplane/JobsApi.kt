package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.JobExecutionInfo
import dev.iotsdk.emulator.internal.Registry
import dev.iotsdk.emulator.internal.dataplane.Pages
import dev.iotsdk.emulator.internal.jobs.JobRecord
import dev.iotsdk.emulator.internal.jobs.JobsService
import dev.iotsdk.emulator.internal.jobs.JobsService.CancelOutcome
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject
import java.util.concurrent.ConcurrentHashMap

/**
 * Jobs: CreateJob, DescribeJob, ListJobs, CancelJob, DeleteJob, DescribeJobExecution, ListJobExecutionsForThing,
 * CancelJobExecution, on the emulator's [JobsService] (devices see jobs created here on their MQTT jobs topics).
 * A job is `IN_PROGRESS` until every execution is terminal (`COMPLETED`) or it is canceled (`CANCELED`).
 */
internal class JobsApi(
    private val jobs: JobsService,
    private val registry: Registry,
    private val thingGroupMembers: (String) -> Set<String>?,
    private val arns: Arns,
) {
    private class JobMeta(val description: String?, val targets: List<String>, val targetSelection: String) {
        var comment: String? = null
        var reasonCode: String? = null
    }

    private val meta = ConcurrentHashMap<String, JobMeta>()

    fun create(jobId: String, r: ApiRequest): JsonObject {
        if (!jobId.matches(JOB_ID)) throw ApiError.invalid("Invalid job id '$jobId' (allowed: [a-zA-Z0-9_-]{1,64})")
        val targets = r.strings("targets")?.takeIf { it.isNotEmpty() } ?: throw ApiError.invalid("targets is required")
        if (r.string("documentSource") != null) {
            throw ApiError.invalid("The emulator supports job documents given inline in 'document', not documentSource")
        }
        val document = r.string("document") ?: throw ApiError.invalid("document is required")
        val timeout = r.obj("timeoutConfig")?.let { r.long("inProgressTimeoutInMinutes", it) }
        val selection = r.string("targetSelection") ?: "SNAPSHOT"
        if (selection != "SNAPSHOT" &&
            selection != "CONTINUOUS"
        ) {
            throw ApiError.invalid("Invalid targetSelection '$selection'")
        }
        val things = targets.flatMap { arn ->
            arns.nameIn(arn, "thing")?.let { thing ->
                if (thing !in registry.things) throw ApiError.notFound("Thing $thing cannot be found.")
                listOf(thing)
            } ?: arns.nameIn(arn, "thinggroup")?.let { group ->
                thingGroupMembers(group)?.toList() ?: throw ApiError.notFound("Thing group $group cannot be found.")
            } ?: throw ApiError.invalid("Invalid target '$arn': a thing or thing group ARN is expected")
        }.distinct()
        if (jobs.jobSnapshot(jobId) != null) throw ApiError.alreadyExists("Job $jobId already exists")
        try {
            jobs.createJob(jobId, document, things, timeout)
        } catch (e: IllegalArgumentException) {
            if (jobs.jobSnapshot(jobId) != null &&
                meta[jobId] != null
            ) {
                throw ApiError.alreadyExists("Job $jobId already exists")
            }
            throw ApiError.invalid(e.message ?: "Invalid job")
        }
        val description = r.string("description")
        meta[jobId] = JobMeta(description, targets, selection)
        return buildJsonObject {
            put("jobArn", arns.of("job", jobId))
            put("jobId", jobId)
            description?.let { put("description", it) }
        }
    }

    fun describe(jobId: String): JsonObject {
        val (job, executions) = jobs.jobSnapshot(jobId) ?: throw ApiError.notFound("Job $jobId cannot be found.")
        val m = meta[jobId]
        val status = status(job, executions)
        return buildJsonObject {
            putJsonObject("job") {
                put("jobArn", arns.of("job", jobId))
                put("jobId", jobId)
                put("targetSelection", m?.targetSelection ?: "SNAPSHOT")
                put("status", status)
                put("forceCanceled", false)
                m?.reasonCode?.let { put("reasonCode", it) }
                m?.comment?.let { put("comment", it) }
                put("targets", JsonArray((m?.targets ?: job.targets.map { arns.thing(it) }).map { JsonPrimitive(it) }))
                m?.description?.let { put("description", it) }
                put("createdAt", job.createdAt)
                put("lastUpdatedAt", lastUpdated(job, executions))
                completedAt(job, executions, status)?.let { put("completedAt", it) }
                putJsonObject("jobProcessDetails") {
                    fun count(s: String) = executions.count { it.status == s }
                    put("numberOfCanceledThings", count("CANCELED"))
                    put("numberOfSucceededThings", count("SUCCEEDED"))
                    put("numberOfFailedThings", count("FAILED"))
                    put("numberOfRejectedThings", count("REJECTED"))
                    put("numberOfQueuedThings", count("QUEUED"))
                    put("numberOfInProgressThings", count("IN_PROGRESS"))
                    put("numberOfRemovedThings", count("REMOVED"))
                    put("numberOfTimedOutThings", count("TIMED_OUT"))
                }
                job.inProgressTimeoutMinutes?.let { minutes ->
                    putJsonObject("timeoutConfig") { put("inProgressTimeoutInMinutes", minutes) }
                }
            }
        }
    }

    fun list(r: ApiRequest): JsonObject {
        val max = r.maxResults(default = 50, max = 250)
        val wantedStatus = r.query("status")
        val wantedSelection = r.query("targetSelection")
        val all = jobs.jobs().mapNotNull { job -> jobs.jobSnapshot(job.jobId) }.filter { (job, executions) ->
            (wantedStatus == null || status(job, executions) == wantedStatus) &&
                (wantedSelection == null || (meta[job.jobId]?.targetSelection ?: "SNAPSHOT") == wantedSelection)
        }
        val (page, next) = Pages.slice(all, r.query("nextToken"), max)
            ?: throw ApiError.invalid("The nextToken is invalid")
        return buildJsonObject {
            put(
                "jobs",
                JsonArray(
                    page.map { (job, executions) ->
                        val status = status(job, executions)
                        buildJsonObject {
                            put("jobArn", arns.of("job", job.jobId))
                            put("jobId", job.jobId)
                            put("targetSelection", meta[job.jobId]?.targetSelection ?: "SNAPSHOT")
                            put("status", status)
                            put("createdAt", job.createdAt)
                            put("lastUpdatedAt", lastUpdated(job, executions))
                            completedAt(job, executions, status)?.let { put("completedAt", it) }
                        }
                    },
                ),
            )
            next?.let { put("nextToken", it) }
        }
    }

    fun cancel(jobId: String, r: ApiRequest): JsonObject {
        val (job, executions) = jobs.jobSnapshot(jobId) ?: throw ApiError.notFound("Job $jobId cannot be found.")
        val status = status(job, executions)
        if (status !=
            "IN_PROGRESS"
        ) {
            throw ApiError.invalidStateTransition("Job $jobId is $status and cannot be canceled")
        }
        val force = r.queryBoolean("force") ?: false
        meta[jobId]?.let { m ->
            m.comment = r.string("comment")
            m.reasonCode = r.string("reasonCode")
        }
        jobs.cancelJob(jobId, includeInProgress = force)
        return buildJsonObject {
            put("jobArn", arns.of("job", jobId))
            put("jobId", jobId)
            meta[jobId]?.description?.let { put("description", it) }
        }
    }

    fun delete(jobId: String, r: ApiRequest): JsonObject {
        val (job, executions) = jobs.jobSnapshot(jobId) ?: throw ApiError.notFound("Job $jobId cannot be found.")
        val force = r.queryBoolean("force") ?: false
        if (!force && executions.any { it.status == "IN_PROGRESS" }) {
            throw ApiError.invalidStateTransition("Job $jobId has executions IN_PROGRESS; delete it with force=true")
        }
        if (!force && status(job, executions) == "IN_PROGRESS") {
            throw ApiError.invalidStateTransition(
                "Job $jobId is IN_PROGRESS; cancel it first or delete it with force=true",
            )
        }
        jobs.deleteJob(jobId)
        meta.remove(jobId)
        return JsonObject(emptyMap())
    }

    fun describeExecution(thing: String, jobId: String, r: ApiRequest): JsonObject {
        val e =
            jobs.jobExecution(thing, jobId)
                ?: throw ApiError.notFound("Job execution $jobId on thing $thing cannot be found.")
        val number = r.queryLong("executionNumber")
        if (number != null && number != e.executionNumber) {
            throw ApiError.notFound("Execution number $number of job $jobId on thing $thing cannot be found.")
        }
        return buildJsonObject {
            putJsonObject("execution") {
                put("jobId", jobId)
                put("status", e.status)
                put("forceCanceled", false)
                putJsonObject("statusDetails") {
                    putJsonObject("detailsMap") { e.statusDetails.forEach { (k, v) -> put(k, v) } }
                }
                put("thingArn", arns.thing(thing))
                put("queuedAt", e.queuedAt)
                e.startedAt?.let { put("startedAt", it) }
                put("lastUpdatedAt", e.lastUpdatedAt)
                put("executionNumber", e.executionNumber)
                put("versionNumber", e.versionNumber)
            }
        }
    }

    fun listExecutionsForThing(thing: String, r: ApiRequest): JsonObject {
        if (thing !in registry.things) throw ApiError.notFound("Thing $thing cannot be found.")
        val max = r.maxResults(default = 50, max = 250)
        val wanted = r.query("status")
        val jobId = r.query("jobId")
        val all = jobs.executionsOf(thing).filter {
            (wanted == null || it.status == wanted) &&
                (jobId == null || it.jobId == jobId)
        }
        val (page, next) = Pages.slice(all, r.query("nextToken"), max)
            ?: throw ApiError.invalid("The nextToken is invalid")
        return buildJsonObject {
            put("executionSummaries", JsonArray(page.map { summary(it) }))
            next?.let { put("nextToken", it) }
        }
    }

    fun cancelExecution(thing: String, jobId: String, r: ApiRequest): JsonObject {
        val force = r.queryBoolean("force") ?: false
        when (jobs.cancelExecution(thing, jobId, force, r.long("expectedVersion"))) {
            CancelOutcome.CANCELED -> Unit
            CancelOutcome.NOT_FOUND -> throw ApiError.notFound("Job execution $jobId on thing $thing cannot be found.")
            CancelOutcome.TERMINAL -> throw ApiError.invalidStateTransition(
                "Job execution $jobId on thing $thing is in a terminal state",
            )
            CancelOutcome.NEEDS_FORCE ->
                throw ApiError.invalidStateTransition(
                    "Job execution $jobId on thing $thing is IN_PROGRESS; cancel it with force=true",
                )
            CancelOutcome.VERSION_MISMATCH -> throw ApiError.versionConflict(
                "The expected version does not match the execution's version",
            )
        }
        return JsonObject(emptyMap())
    }

    private fun summary(e: JobExecutionInfo) = buildJsonObject {
        put("jobId", e.jobId)
        putJsonObject("jobExecutionSummary") {
            put("status", e.status)
            put("queuedAt", e.queuedAt)
            e.startedAt?.let { put("startedAt", it) }
            put("lastUpdatedAt", e.lastUpdatedAt)
            put("executionNumber", e.executionNumber)
        }
    }

    private fun status(job: JobRecord, executions: List<JobExecutionInfo>): String = when {
        job.canceledAt != null -> "CANCELED"
        executions.all { it.status !in PENDING } -> "COMPLETED"
        else -> "IN_PROGRESS"
    }

    private fun lastUpdated(job: JobRecord, executions: List<JobExecutionInfo>): Long =
        (executions.map { it.lastUpdatedAt } + job.createdAt + listOfNotNull(job.canceledAt)).max()

    private fun completedAt(job: JobRecord, executions: List<JobExecutionInfo>, status: String): Long? = when (status) {
        "COMPLETED" -> lastUpdated(job, executions)
        "CANCELED" -> job.canceledAt
        else -> null
    }

    private companion object {
        val JOB_ID = Regex("[a-zA-Z0-9_-]{1,64}")
        val PENDING = setOf("QUEUED", "IN_PROGRESS")
    }
}
