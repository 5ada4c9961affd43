@file:UseSerializers(EpochSecondsSerializer::class)

package dev.iotsdk.model.jobs

import kotlinx.serialization.Serializable
import kotlinx.serialization.UseSerializers
import kotlinx.serialization.json.JsonObject
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

/** The answer on `…/jobs/start-next/accepted`; [execution] is absent when nothing is pending. */
@Serializable
public data class StartNextJobExecutionResponse(
    /** The started (or already IN_PROGRESS) execution, with its document; `null` when none is pending. */
    val execution: JobExecution? = null,
    /** When the message was sent. */
    val timestamp: Instant? = null,
    /** The request's token. */
    val clientToken: String? = null,
)

/** The answer on `…/jobs/<jobId>/get/accepted`. */
@Serializable
public data class DescribeJobExecutionResponse(
    /** The execution. */
    val execution: JobExecution? = null,
    /** When the message was sent. */
    val timestamp: Instant? = null,
    /** The request's token. */
    val clientToken: String? = null,
)

/** The answer on `…/jobs/<jobId>/update/accepted`; state and document only when asked for. */
@Serializable
public data class UpdateJobExecutionResponse(
    /** The new state, when `includeJobExecutionState` was set. */
    val executionState: JobExecutionState? = null,
    /** The job document, when `includeJobDocument` was set. */
    val jobDocument: JsonObject? = null,
    /** When the message was sent. */
    val timestamp: Instant? = null,
    /** The request's token. */
    val clientToken: String? = null,
)

/** The body of every `…/rejected` jobs message (ErrorResponse). */
@Serializable
public data class JobsErrorResponse(
    /** The error code. */
    val code: JobsErrorCode? = null,
    /** What went wrong. */
    val message: String? = null,
    /** The request's token. */
    val clientToken: String? = null,
    /** When the message was sent. */
    val timestamp: Instant? = null,
    /** The current state, for InvalidStateTransition and VersionMismatch. */
    val executionState: JobExecutionState? = null,
)
