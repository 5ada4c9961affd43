package dev.iotsdk.samples.jobs

import dev.iotsdk.jobs.JobOutcome
import dev.iotsdk.jobs.JobRunner
import dev.iotsdk.jobs.JobRunnerEvent
import dev.iotsdk.jobs.JobsClient
import dev.iotsdk.jobs.decodeDocument
import dev.iotsdk.samples.SampleTarget
import dev.iotsdk.samples.Transcript
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/**
 * A device that applies "config update" jobs with [JobRunner]: the runner watches for work, starts each execution,
 * runs the handler below, reports progress and the final status, and retries version conflicts. Against the embedded
 * emulator the sample queues one job and stops when it is done; against AWS IoT it runs until stopped.
 */
public object ConfigUpdateDevice {
    /** Runs the sample. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val out = Transcript()
        SampleTarget.fromArgs(args, "config-device").use { target ->
            out.say("ConfigUpdateDevice against ${target.describe()}, thing '${target.thingName}'")
            runBlocking {
                target.client(target.thingName).use { mqtt ->
                    mqtt.connect()
                    JobsClient(mqtt, target.thingName).use { jobs ->
                        val config = HashMap<String, String>()
                        val runner = JobRunner(jobs) { job ->
                            val update = job.decodeDocument<ConfigUpdate>()
                            if (update.operation !=
                                "config-update"
                            ) {
                                return@JobRunner JobOutcome.Rejected(
                                    mapOf(
                                        "reason" to "unknown operation",
                                    ),
                                )
                            }
                            job.reportProgress(mapOf("step" to "applying ${update.settings.size} settings"))
                            config.putAll(update.settings)
                            out.say("  device: config is now $config")
                            JobOutcome.Succeeded(mapOf("applied" to update.settings.keys.joinToString(",")))
                        }
                        val finished = launch { runner.events.collect { out.say("  runner: $it") } }
                        val emulator = target.emulator ?: runner.run()
                        val done = async { runner.events.first { it is JobRunnerEvent.Finished } }
                        val work = runner.launchIn(this)
                        emulator.createJob(
                            "config-1",
                            """{"operation":"config-update","settings":{"interval":"30s","level":"debug"}}""",
                            listOf(target.thingName),
                        )
                        out.say("queued job config-1")
                        withTimeout(20.seconds) { done.await() }
                        out.say("config-1 is ${emulator.jobExecution(target.thingName, "config-1")?.status}")
                        work.cancel()
                        finished.cancel()
                    }
                }
            }
        }
        out.say("done")
    }
}
