package dev.iotsdk.jobs

import dev.iotsdk.common.IotServiceException
import dev.iotsdk.model.jobs.JobExecutionsChangedEvent
import dev.iotsdk.model.jobs.JobStatus
import dev.iotsdk.model.jobs.JobsErrorCode
import dev.iotsdk.model.jobs.NextJobExecutionChangedEvent
import dev.iotsdk.test.IotEmulatorExtension
import dev.iotsdk.test.plainClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.jsonPrimitive
import kotlin.time.Duration.Companion.seconds

class JobsClientTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        @Serializable
        data class Firmware(val url: String, val version: Int)

        test("every API round trips against the emulator") {
            emulator.plainClient("api-device").use { mqtt ->
                mqtt.connect()
                JobsClient(mqtt, "api-device").use { jobs ->
                    emulator.createJob("fw-1", """{"url":"https://example.com/fw","version":7}""", listOf("api-device"))
                    emulator.createJob(
                        "fw-2",
                        """{"url":"https://example.com/fw2","version":8}""",
                        listOf("api-device"),
                    )

                    val pending = jobs.getPendingJobExecutions()
                    pending.queuedJobs!!.map { it.jobId } shouldBe listOf("fw-1", "fw-2")
                    pending.inProgressJobs shouldBe emptyList()

                    val started = jobs.startNextPendingJobExecution(
                        mapOf("step" to "download"),
                        stepTimeoutInMinutes = 10,
                    ).execution!!
                    started.jobId shouldBe "fw-1"
                    started.status shouldBe JobStatus.IN_PROGRESS
                    started.versionNumber shouldBe 2L
                    started.decodeDocument<Firmware>() shouldBe Firmware("https://example.com/fw", 7)

                    val described = jobs.describeJobExecution("fw-1").execution!!
                    described.statusDetails shouldBe mapOf("step" to "download")
                    described.jobDocument!!["version"]!!.jsonPrimitive.content shouldBe "7"
                    jobs.describeJobExecution(
                        JobsClient.NEXT,
                        includeJobDocument = false,
                    ).execution!!.jobDocument shouldBe
                        null

                    val progress = jobs.updateJobExecution(
                        "fw-1",
                        JobStatus.IN_PROGRESS,
                        mapOf("step" to "install"),
                        expectedVersion = 2,
                    )
                    progress.executionState shouldBe null
                    val done = jobs.updateJobExecution(
                        "fw-1",
                        JobStatus.SUCCEEDED,
                        expectedVersion = 3,
                        executionNumber = 1,
                        includeJobExecutionState = true,
                        includeJobDocument = true,
                    )
                    done.executionState!!.status shouldBe JobStatus.SUCCEEDED
                    done.executionState!!.versionNumber shouldBe 4L
                    done.jobDocument!!["url"]!!.jsonPrimitive.content shouldBe "https://example.com/fw"
                    emulator.jobExecution("api-device", "fw-1")!!.status shouldBe "SUCCEEDED"
                    jobs.getPendingJobExecutions().queuedJobs!!.map { it.jobId } shouldBe listOf("fw-2")
                }
            }
        }

        test("rejections are typed JobsRejectedExceptions with the execution state") {
            emulator.plainClient("reject-device").use { mqtt ->
                mqtt.connect()
                JobsClient(mqtt, "reject-device").use { jobs ->
                    emulator.createJob("rj-1", "{}", listOf("reject-device"))
                    jobs.startNextPendingJobExecution()
                    val mismatch = shouldThrow<JobsRejectedException> {
                        jobs.updateJobExecution("rj-1", JobStatus.IN_PROGRESS, expectedVersion = 9)
                    }
                    mismatch.code shouldBe JobsErrorCode.VERSION_MISMATCH
                    mismatch.errorCode shouldBe "VersionMismatch"
                    mismatch.executionState!!.versionNumber shouldBe 2L
                    mismatch.shouldBeInstanceOf<IotServiceException>()

                    jobs.updateJobExecution("rj-1", JobStatus.FAILED)
                    val transition =
                        shouldThrow<JobsRejectedException> { jobs.updateJobExecution("rj-1", JobStatus.IN_PROGRESS) }
                    transition.code shouldBe JobsErrorCode.INVALID_STATE_TRANSITION
                    transition.executionState!!.status shouldBe JobStatus.FAILED

                    shouldThrow<JobsRejectedException> { jobs.describeJobExecution("missing") }.code shouldBe
                        JobsErrorCode.RESOURCE_NOT_FOUND
                    jobs.startNextPendingJobExecution().execution shouldBe null
                    shouldThrow<IllegalArgumentException> { jobs.updateJobExecution("rj-1", JobStatus.QUEUED) }
                }
            }
        }

        test("invalid thing names and job ids are refused before anything is sent, saying what is allowed") {
            emulator.plainClient("names-device").use { mqtt ->
                shouldThrow<IllegalArgumentException> { JobsClient(mqtt, "no spaces") }.message shouldContain
                    "[a-zA-Z0-9:_-]"
                JobsClient(mqtt, "names-device").use { jobs ->
                    // not connected: a request that got as far as publishing would fail differently
                    shouldThrow<IllegalArgumentException> { jobs.describeJobExecution("a/b") }.message shouldContain
                        "or \$next"
                    shouldThrow<IllegalArgumentException> {
                        jobs.updateJobExecution("job:1", JobStatus.SUCCEEDED)
                    }.message shouldContain "invalid job id 'job:1'"
                }
            }
        }

        test("the notify-next and notify streams report subscription and deliver a newly created job") {
            emulator.plainClient("stream-device").use { mqtt ->
                mqtt.connect()
                JobsClient(mqtt, "stream-device").use { jobs ->
                    coroutineScope {
                        val nextSubscribed = CompletableDeferred<Unit>()
                        val notifySubscribed = CompletableDeferred<Unit>()
                        val next = async(start = CoroutineStart.UNDISPATCHED) {
                            jobs.nextJobExecutionChangedEvents()
                                .onEach { if (it is JobsStreamEvent.Subscribed) nextSubscribed.complete(Unit) }
                                .filterIsInstance<JobsStreamEvent.Message<NextJobExecutionChangedEvent>>().first().value
                        }
                        val notify = async(start = CoroutineStart.UNDISPATCHED) {
                            jobs.jobExecutionsChangedEvents()
                                .onEach { if (it is JobsStreamEvent.Subscribed) notifySubscribed.complete(Unit) }
                                .filterIsInstance<JobsStreamEvent.Message<JobExecutionsChangedEvent>>().first().value
                        }
                        withTimeout(10.seconds) {
                            nextSubscribed.await()
                            notifySubscribed.await()
                        }
                        emulator.createJob("stream-1", """{"op":"reboot"}""", listOf("stream-device"))
                        val event = withTimeout(10.seconds) { next.await() }
                        event.execution!!.jobId shouldBe "stream-1"
                        event.execution!!.status shouldBe JobStatus.QUEUED
                        event.execution!!.jobDocument!!["op"]!!.jsonPrimitive.content shouldBe "reboot"
                        val list = withTimeout(10.seconds) { notify.await() }
                        list.jobs!![JobStatus.QUEUED]!!.single().jobId shouldBe "stream-1"
                    }
                }
            }
        }
    })
