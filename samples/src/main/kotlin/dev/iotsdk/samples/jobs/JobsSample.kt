package dev.iotsdk.samples.jobs

import dev.iotsdk.jobs.JobsClient
import dev.iotsdk.jobs.JobsStreamEvent
import dev.iotsdk.model.jobs.JobStatus
import dev.iotsdk.samples.SampleTarget
import dev.iotsdk.samples.Transcript
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/**
 * The v1 SDK's jobs sample flow, by hand: watch `notify-next`, start the next pending execution, "run" it, report
 * SUCCEEDED, and go on until nothing is pending. Against the embedded emulator the sample first queues three jobs for
 * the thing; against AWS IoT it works through whatever is queued (create jobs with the console or `aws iot
 * create-job`).
 * See [ConfigUpdateDevice] for the same done by [dev.iotsdk.jobs.JobRunner].
 */
public object JobsSample {
    /** Runs the sample. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val out = Transcript()
        SampleTarget.fromArgs(args, "jobs-sample-thing").use { target ->
            out.say("JobsSample against ${target.describe()}, thing '${target.thingName}'")
            runBlocking {
                target.client(target.thingName).use { mqtt ->
                    mqtt.connect()
                    JobsClient(mqtt, target.thingName).use { jobs ->
                        val wake = Channel<Unit>(Channel.CONFLATED)
                        val subscribed = CompletableDeferred<Unit>()
                        val watcher = launch {
                            jobs.nextJobExecutionChangedEvents().collect { event ->
                                if (event is JobsStreamEvent.Subscribed) subscribed.complete(Unit)
                                wake.trySend(Unit)
                            }
                        }
                        withTimeout(10.seconds) { subscribed.await() }
                        target.emulator?.let { emulator ->
                            for (i in 1..3) {
                                emulator.createJob(
                                    "sample-job-$i",
                                    """{"operation":"blink","times":$i}""",
                                    listOf(target.thingName),
                                )
                            }
                            out.say("queued 3 jobs on the emulator")
                        }
                        val pending = jobs.getPendingJobExecutions()
                        out.say(
                            "pending: ${pending.inProgressJobs?.size ?: 0} in progress, " +
                                "${pending.queuedJobs?.size ?: 0} queued",
                        )
                        while (true) {
                            val started = jobs.startNextPendingJobExecution(statusDetails = mapOf("step" to "starting"))
                            val execution = started.execution
                            if (execution == null) {
                                if (target.emulator != null) break
                                out.say("nothing pending; waiting for notify-next")
                                wake.receive()
                                continue
                            }
                            out.say("  started ${execution.jobId}: ${execution.jobDocument}")
                            val done = jobs.updateJobExecution(
                                execution.jobId,
                                JobStatus.SUCCEEDED,
                                mapOf("result" to "ok"),
                                expectedVersion = execution.versionNumber,
                                includeJobExecutionState = true,
                            )
                            out.say("  ${execution.jobId} -> ${done.executionState?.status}")
                        }
                        out.say("no more pending jobs")
                        watcher.cancel()
                    }
                }
            }
        }
        out.say("done")
    }
}
