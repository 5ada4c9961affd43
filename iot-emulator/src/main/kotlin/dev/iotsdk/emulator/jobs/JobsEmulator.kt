package dev.iotsdk.emulator.jobs

import dev.iotsdk.emulator.JobExecutionInfo
import dev.iotsdk.emulator.internal.runtime.AdminService
import dev.iotsdk.emulator.internal.runtime.EmulatorRuntime

/**
 * AWS IoT Jobs in the emulator ([dev.iotsdk.emulator.IotEmulator.jobs]): jobs, thing groups and the timers of
 * executions, from the cloud side. Devices talk to the Jobs service over MQTT (`$aws/things/<thing>/jobs/...`).
 *
 * ```kotlin
 * emulator.jobs.createThingGroup("fleet", listOf("sensor-1", "sensor-2"))
 * emulator.jobs.createJob("update-1", """{"url":"https://example.com/fw.bin"}""", emptyList(), listOf("fleet"))
 * ```
 * Every method may be called from any thread.
 */
public class JobsEmulator internal constructor(private val runtime: EmulatorRuntime) {
    /**
     * Creates job [jobId] with [document] (a JSON object, at most 32 KB) and queues an execution of it on each
     * of [targets] (thing names) and on each thing of [thingGroups] (as they are now: a snapshot job), publishing
     * `notify` / `notify-next` as AWS IoT Jobs does. [inProgressTimeoutMinutes] is the job's
     * `timeoutConfig.inProgressTimeoutInMinutes`: an execution still not terminal that long after it started
     * becomes `TIMED_OUT`.
     * @throws IllegalArgumentException for an invalid or existing job id, a document that is not a JSON object, an
     * unknown thing group, or no targets at all.
     */
    @JvmOverloads
    public fun createJob(
        jobId: String,
        document: String,
        targets: List<String>,
        thingGroups: List<String> = emptyList(),
        inProgressTimeoutMinutes: Long? = null,
    ) {
        val members = thingGroups.flatMap { g ->
            requireNotNull(runtime.thingGroupMembers[g]) { "no thing group '$g'" }.toList()
        }
        runtime.jobs.createJob(jobId, document, (targets + members).distinct(), inProgressTimeoutMinutes)
    }

    /** Creates (or replaces) thing group [name] with [things] as its members, for [createJob]'s `thingGroups`. */
    public fun createThingGroup(name: String, things: List<String>) {
        require(name.matches(AdminService.THING_NAME)) { "invalid thing group name '$name'" }
        things.forEach { require(it.matches(AdminService.THING_NAME)) { "invalid thing name '$it'" } }
        runtime.thingGroupMembers[name] = things.toSet()
    }

    /**
     * Makes every running step timer (`stepTimeoutInMinutes` of start-next or update) and in-progress timer
     * ([createJob]'s `inProgressTimeoutMinutes`) fire now, so tests need not wait minutes: those executions become
     * `TIMED_OUT`, with `notify` / `notify-next` as AWS IoT Jobs sends them. Returns how many executions timed out.
     */
    public fun expireJobTimers(): Int = runtime.jobs.expireTimers()

    /** The execution of [jobId] on [thingName], or `null` when there is none. */
    public fun jobExecution(thingName: String, jobId: String): JobExecutionInfo? =
        runtime.jobs.jobExecution(thingName, jobId)

    /**
     * Cancels [jobId]: every execution of it not yet in a terminal state becomes `CANCELED` (devices see it leave the
     * pending list on `notify` / `notify-next`; their next update is rejected with InvalidStateTransition).
     * @throws IllegalArgumentException when there is no such job.
     */
    public fun cancelJob(jobId: String): Unit = runtime.jobs.cancelJob(jobId)

    /**
     * Deletes the execution of [jobId] on [thingName] whatever its state (a forced delete).
     * @throws IllegalArgumentException when there is no such execution.
     */
    public fun deleteJobExecution(thingName: String, jobId: String): Unit =
        runtime.jobs.deleteJobExecution(thingName, jobId)
}
