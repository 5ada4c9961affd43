package dev.iotsdk.jobs

import dev.iotsdk.core.ConnectionState
import dev.iotsdk.test.IotEmulatorExtension
import dev.iotsdk.test.awaitConnected
import dev.iotsdk.test.plainClient
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.Serializable
import java.util.Collections
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds

class JobRunnerTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        @Serializable
        data class Step(val n: Int)

        test("the runner processes three queued jobs in order to SUCCEEDED, reporting progress") {
            val thing = "runner-order"
            listOf("o1", "o2", "o3").forEachIndexed { i, id -> emulator.createJob(id, """{"n":$i}""", listOf(thing)) }
            emulator.plainClient(thing).use { mqtt ->
                mqtt.connect()
                JobsClient(mqtt, thing).use { jobs ->
                    val seen = Collections.synchronizedList(mutableListOf<Int>())
                    val runner = JobRunner(jobs) { job ->
                        job.reportProgress(mapOf("step" to "working"))
                        seen += job.decodeDocument<Step>().n
                        JobOutcome.Succeeded(mapOf("result" to "ok-${job.jobId}"))
                    }
                    coroutineScope {
                        val finished = async(start = CoroutineStart.UNDISPATCHED) {
                            runner.events.filterIsInstance<JobRunnerEvent.Finished>().take(3).toList()
                        }
                        val running = launch { runner.run() }
                        withTimeout(30.seconds) { finished.await() }.map { it.jobId } shouldBe listOf("o1", "o2", "o3")
                        running.cancelAndJoin()
                    }
                    seen shouldBe listOf(0, 1, 2)
                    for (id in listOf("o1", "o2", "o3")) {
                        val execution = emulator.jobExecution(thing, id)!!
                        execution.status shouldBe "SUCCEEDED"
                        execution.statusDetails shouldBe mapOf("result" to "ok-$id")
                        execution.versionNumber shouldBe 4L
                    }
                }
            }
        }

        test("a handler that throws fails the execution with the exception's message, and the runner goes on") {
            val thing = "runner-fail"
            emulator.createJob("bad", "{}", listOf(thing))
            emulator.createJob("good", "{}", listOf(thing))
            emulator.plainClient(thing).use { mqtt ->
                mqtt.connect()
                JobsClient(mqtt, thing).use { jobs ->
                    val runner = JobRunner(jobs) { job ->
                        if (job.jobId == "bad") throw IllegalStateException("disk full") else JobOutcome.Succeeded()
                    }
                    coroutineScope {
                        val finished = async(start = CoroutineStart.UNDISPATCHED) {
                            runner.events.filterIsInstance<JobRunnerEvent.Finished>().take(2).toList()
                        }
                        val running = launch { runner.run() }
                        val events = withTimeout(30.seconds) { finished.await() }
                        events[0].outcome::class shouldBe JobOutcome.Failed::class
                        running.cancelAndJoin()
                    }
                    val bad = emulator.jobExecution(thing, "bad")!!
                    bad.status shouldBe "FAILED"
                    bad.statusDetails.getValue("reason") shouldContain "IllegalStateException: disk full"
                    emulator.jobExecution(thing, "good")!!.status shouldBe "SUCCEEDED"
                }
            }
        }

        /**
         * Runs [jobId] on [thing] with a handler that waits forever, calls [endRemotely] once it started, and checks
         * the
         * runner cancels the handler and reports Canceled; returns the execution's final status.
         */
        suspend fun endedRemotelyWhileRunning(
            thing: String,
            jobId: String,
            options: JobRunnerOptions,
            endRemotely: () -> Unit,
        ): String? {
            emulator.createJob(jobId, "{}", listOf(thing))
            emulator.plainClient(thing).use { mqtt ->
                mqtt.connect()
                JobsClient(mqtt, thing).use { jobs ->
                    val handlerCancelled = CompletableDeferred<Unit>()
                    val runner = JobRunner(jobs, options) { _ ->
                        try {
                            awaitCancellation()
                        } finally {
                            handlerCancelled.complete(Unit)
                        }
                    }
                    coroutineScope {
                        val started =
                            async(start = CoroutineStart.UNDISPATCHED) {
                                runner.events.filterIsInstance<JobRunnerEvent.Started>().first()
                            }
                        val canceled =
                            async(start = CoroutineStart.UNDISPATCHED) {
                                runner.events.filterIsInstance<JobRunnerEvent.Canceled>().first()
                            }
                        val running = launch { runner.run() }
                        withTimeout(20.seconds) { started.await() }
                        endRemotely()
                        withTimeout(20.seconds) { canceled.await() }.jobId shouldBe jobId
                        withTimeout(5.seconds) { handlerCancelled.await() }
                        running.cancelAndJoin()
                    }
                }
            }
            return emulator.jobExecution(thing, jobId)?.status
        }

        test("a job canceled while it runs cancels the handler") {
            endedRemotelyWhileRunning("runner-cancel", "long", JobRunnerOptions()) {
                emulator.cancelJob("long")
            } shouldBe
                "CANCELED"
        }

        test("a step timeout that passes while the handler runs cancels it; the execution stays TIMED_OUT") {
            endedRemotelyWhileRunning("runner-timeout", "slow", JobRunnerOptions(stepTimeoutInMinutes = 1)) {
                emulator.expireJobTimers() shouldBe 1
            } shouldBe "TIMED_OUT"
        }

        test("a forced disconnect mid-job is survived: the job finishes once and later jobs still run") {
            val thing = "runner-disconnect"
            emulator.createJob("d1", "{}", listOf(thing))
            emulator.plainClient(thing).use { mqtt ->
                mqtt.connect()
                JobsClient(mqtt, thing).use { jobs ->
                    val gate = CompletableDeferred<Unit>()
                    val runs = AtomicInteger()
                    val runner = JobRunner(jobs) { job ->
                        if (job.jobId == "d1") {
                            runs.incrementAndGet()
                            gate.await()
                        }
                        JobOutcome.Succeeded()
                    }
                    coroutineScope {
                        val started =
                            async(start = CoroutineStart.UNDISPATCHED) {
                                runner.events.filterIsInstance<JobRunnerEvent.Started>().first()
                            }
                        val finished = async(start = CoroutineStart.UNDISPATCHED) {
                            runner.events.filterIsInstance<JobRunnerEvent.Finished>().take(2).toList()
                        }
                        val running = launch { runner.run() }
                        withTimeout(20.seconds) { started.await() }.jobId shouldBe "d1"
                        val lost =
                            async(start = CoroutineStart.UNDISPATCHED) {
                                mqtt.state.first { it !is ConnectionState.Connected }
                            }
                        emulator.disconnectClient(thing) shouldBe true
                        withTimeout(10.seconds) { lost.await() }
                        mqtt.awaitConnected()
                        gate.complete(Unit)
                        emulator.createJob("d2", "{}", listOf(thing))
                        withTimeout(30.seconds) { finished.await() }.map { it.jobId } shouldBe listOf("d1", "d2")
                        running.cancelAndJoin()
                    }
                    runs.get() shouldBe 1
                    emulator.jobExecution(thing, "d1")!!.status shouldBe "SUCCEEDED"
                    emulator.jobExecution(thing, "d2")!!.status shouldBe "SUCCEEDED"
                }
            }
        }
    })
