package dev.iotsdk.emulator.jobs

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import java.util.concurrent.TimeUnit

class JobsServiceTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val doc = """{"operation":"test"}"""

        fun JsonObject.str(key: String) = getValue(key).jsonPrimitive.content
        fun JsonObject.obj(key: String) = getValue(key) as JsonObject

        test("the DG notification walkthrough publishes exactly the documented notify and notify-next messages") {
            JobsDevice(emulator, "walk-thing").use { d ->
                val notify = "\$aws/things/walk-thing/jobs/notify"
                val next = "\$aws/things/walk-thing/jobs/notify-next"
                emulator.createJob("job1", doc, listOf("walk-thing"))
                d.all(next, 1)
                emulator.createJob("job2", doc, listOf("walk-thing"))
                d.all(notify, 2)
                d.request("job1/update", """{"status":"IN_PROGRESS","expectedVersion":"1"}""").first shouldBe "accepted"
                emulator.createJob("job3", doc, listOf("walk-thing"))
                d.all(notify, 3)
                d.request("job1/update", """{"status":"SUCCEEDED","expectedVersion":"2"}""").first shouldBe "accepted"
                d.request("job3/update", """{"status":"IN_PROGRESS"}""").first shouldBe "accepted"
                d.request("job2/update", """{"status":"REJECTED"}""").first shouldBe "accepted"
                emulator.deleteJobExecution("walk-thing", "job3")

                d.all(notify, 6).map(::withoutTimes) shouldBe listOf(
                    "jobs-notify-seq1-job1-queued.json",
                    "jobs-notify-seq2-job2-queued.json",
                    "jobs-notify-seq3-job3-queued.json",
                    "jobs-notify-seq4-job1-succeeded.json",
                    "jobs-notify-seq6-job2-rejected.json",
                    "jobs-notify-seq7-empty.json",
                ).map { withoutTimes(fixture(it)) }
                d.all(next, 4).map(::withoutTimes) shouldBe listOf(
                    "jobs-notify-next-seq1-job1-queued.json",
                    "jobs-notify-next-seq4-job2.json",
                    "jobs-notify-next-seq5-job3-in-progress.json",
                    "jobs-notify-next-seq7-empty.json",
                ).map { withoutTimes(fixture(it)) }
            }
        }

        test("answers go to the requesting connection only; notify goes to every subscriber") {
            val observer = dev.iotsdk.emulator.plain5(emulator, "jobs-observer").also { it.connect() }
            val seen = observer.publishes(MqttGlobalPublishFilter.ALL)
            try {
                observer.subscribeWith().topicFilter("\$aws/things/private-thing/jobs/#")
                    .qos(MqttQos.AT_LEAST_ONCE).send()
                JobsDevice(emulator, "private-thing").use { d ->
                    d.request("get", """{"clientToken":"mine"}""").first shouldBe "accepted"
                    d.request("nope/bad/update", """{}""")
                    emulator.createJob("private-1", doc, listOf("private-thing"))
                    d.all("\$aws/things/private-thing/jobs/notify", 1)
                    // the observer sees the device's requests and the notify, and never an accepted/rejected answer
                    val topics = mutableListOf<String>()
                    while (topics.none { it.endsWith("/notify") }) {
                        val m = seen.receive(10, TimeUnit.SECONDS)
                        check(m.isPresent) { "the observer got no notify; saw $topics" }
                        topics += m.get().topic.toString()
                    }
                    topics.filter { it.endsWith("/accepted") || it.endsWith("/rejected") } shouldBe emptyList()
                    topics.contains("\$aws/things/private-thing/jobs/get") shouldBe true
                }
            } finally {
                seen.close()
                observer.disconnect()
            }
        }

        test("get, start-next, describe and update round trip with clientToken echoed") {
            JobsDevice(emulator, "api-thing").use { d ->
                emulator.createJob("a1", """{"v":1}""", listOf("api-thing"))
                emulator.createJob("a2", """{"v":2}""", listOf("api-thing"))
                val (outcome, pending) = d.request("get", """{"clientToken":"t1"}""")
                outcome shouldBe "accepted"
                pending.str("clientToken") shouldBe "t1"
                (pending.getValue("inProgressJobs") as JsonArray).size shouldBe 0
                (pending.getValue("queuedJobs") as JsonArray).map { (it as JsonObject).str("jobId") } shouldBe
                    listOf("a1", "a2")

                val (_, started) = d.request(
                    "start-next",
                    """{"clientToken":"t2","statusDetails":{"step":"download"},"stepTimeoutInMinutes":5}""",
                )
                val execution = started.obj("execution")
                execution.str("jobId") shouldBe "a1"
                execution.str("status") shouldBe "IN_PROGRESS"
                execution.str("thingName") shouldBe "api-thing"
                execution.getValue("versionNumber").jsonPrimitive.long shouldBe 2L
                execution.obj("jobDocument").str("v") shouldBe "1"
                execution.obj("statusDetails").str("step") shouldBe "download"
                execution["approximateSecondsBeforeTimedOut"] shouldNotBe null

                val (_, described) = d.request("\$next/get", """{"clientToken":"t3","includeJobDocument":false}""")
                described.obj("execution").str("jobId") shouldBe "a1"
                described.obj("execution")["jobDocument"] shouldBe null

                val (_, updated) = d.request(
                    "a1/update",
                    """{"clientToken":"t4","status":"SUCCEEDED","expectedVersion":2,"includeJobExecutionState":true,"includeJobDocument":true}""",
                )
                updated.obj("executionState").str("status") shouldBe "SUCCEEDED"
                updated.obj("executionState").getValue("versionNumber").jsonPrimitive.long shouldBe 3L
                updated.obj("jobDocument").str("v") shouldBe "1"
                val (_, minimal) = d.request("a2/update", """{"clientToken":"t5","status":"IN_PROGRESS"}""")
                minimal.keys shouldBe setOf("clientToken", "timestamp")
                emulator.jobExecution("api-thing", "a1")!!.status shouldBe "SUCCEEDED"
                emulator.jobExecution("api-thing", "a2")!!.versionNumber shouldBe 2L
            }
        }

        test("every error code arises in its documented situation with the ErrorResponse shape") {
            JobsDevice(emulator, "err-thing").use { d ->
                emulator.createJob("e1", doc, listOf("err-thing"))
                d.request("e1/update", """{"status":"IN_PROGRESS"}""")

                val (o1, mismatch) = d.request(
                    "e1/update",
                    """{"clientToken":"c1","status":"IN_PROGRESS","expectedVersion":"7"}""",
                )
                o1 shouldBe "rejected"
                mismatch.str("code") shouldBe "VersionMismatch"
                mismatch.str("clientToken") shouldBe "c1"
                mismatch.obj("executionState").str("status") shouldBe "IN_PROGRESS"
                mismatch.obj("executionState").getValue("versionNumber").jsonPrimitive.long shouldBe 2L
                mismatch.keys shouldBe setOf("code", "message", "clientToken", "timestamp", "executionState")

                d.request("e1/update", """{"status":"FAILED"}""").first shouldBe "accepted"
                val (_, transition) = d.request("e1/update", """{"clientToken":"c2","status":"IN_PROGRESS"}""")
                transition.str("code") shouldBe "InvalidStateTransition"
                transition.obj("executionState").str("status") shouldBe "FAILED"

                d.request("e1/get", """{"clientToken":"c3"}""").second.str("code") shouldBe "TerminalStateReached"
                d.request("nope/get", "{}").second.str("code") shouldBe "ResourceNotFound"
                d.request("nope/update", """{"status":"IN_PROGRESS"}""").second.str("code") shouldBe "ResourceNotFound"
                val (_, json) = d.request("get", "{not json")
                json.str("code") shouldBe "InvalidJson"
                json["clientToken"] shouldBe null
                d.request("e1/update", """{"status":"QUEUED"}""").second.str("code") shouldBe "InvalidRequest"
                d.request("e1/update", """{"clientToken":"c4"}""").second.str("code") shouldBe "InvalidRequest"
                d.request("start-next", """{"statusDetails":{"k":1}}""").second.str("code") shouldBe "InvalidRequest"
                d.request("start-next", """{"stepTimeoutInMinutes":0}""").second.str("code") shouldBe "InvalidRequest"
                d.request("e1/bogus", "{}").second.str("code") shouldBe "InvalidTopic"

                val (empty, none) = d.request("start-next", """{"clientToken":"c5"}""")
                empty shouldBe "accepted"
                none["execution"] shouldBe null
            }
        }

        test("cancelling a job empties the queue and later updates are rejected") {
            JobsDevice(emulator, "cancel-thing").use { d ->
                emulator.createJob("c1", doc, listOf("cancel-thing", "other-thing"))
                d.request("start-next", "{}").second.obj("execution").str("jobId") shouldBe "c1"
                emulator.cancelJob("c1")
                d.all("\$aws/things/cancel-thing/jobs/notify-next", 2).last()["execution"] shouldBe null
                d.request("c1/update", """{"status":"SUCCEEDED"}""").second.str("code") shouldBe
                    "InvalidStateTransition"
                emulator.jobExecution("other-thing", "c1")!!.status shouldBe "CANCELED"
            }
            shouldThrow<IllegalArgumentException> { emulator.createJob("bad", "[1]", listOf("t")) }
            shouldThrow<IllegalArgumentException> { emulator.createJob("bad id", doc, listOf("t")) }
            shouldThrow<IllegalArgumentException> { emulator.cancelJob("missing") }
        }

        test("a step timeout moves the execution to TIMED_OUT, notifies, and refuses later updates") {
            JobsDevice(emulator, "timeout-thing").use { d ->
                emulator.createJob("t1", doc, listOf("timeout-thing"))
                emulator.createJob("t2", doc, listOf("timeout-thing"))
                val started = d.request("start-next", """{"stepTimeoutInMinutes":1}""").second.obj("execution")
                started.str("jobId") shouldBe "t1"
                emulator.expireJobTimers() shouldBe 1
                emulator.jobExecution("timeout-thing", "t1")!!.status shouldBe "TIMED_OUT"
                // notify-next moves on to t2
                d.all("\$aws/things/timeout-thing/jobs/notify-next", 2).last().obj("execution").str("jobId") shouldBe
                    "t2"
                val (outcome, body) = d.request("t1/update", """{"status":"SUCCEEDED"}""")
                outcome shouldBe "rejected"
                body.str("code") shouldBe "InvalidStateTransition"
                // an update that resets the timer keeps the execution alive
                d.request("start-next", """{"stepTimeoutInMinutes":5}""").second.obj("execution").str("jobId") shouldBe
                    "t2"
                d.request("t2/update", """{"status":"IN_PROGRESS"}""").first shouldBe "accepted"
                emulator.expireJobTimers() shouldBe 1
                emulator.jobExecution("timeout-thing", "t2")!!.status shouldBe "TIMED_OUT"
                emulator.expireJobTimers() shouldBe 0
            }
        }

        test("a job for a thing group reaches each member; its in-progress timeout times out a started execution") {
            emulator.createThingGroup("fleet-a", listOf("group-thing-1", "group-thing-2"))
            JobsDevice(emulator, "group-thing-1").use { d ->
                emulator.createJob("g1", doc, emptyList(), listOf("fleet-a"), inProgressTimeoutMinutes = 30)
                emulator.jobExecution("group-thing-2", "g1")!!.status shouldBe "QUEUED"
                // queued executions have no timer running
                emulator.expireJobTimers() shouldBe 0
                d.request("start-next", "{}").second.obj("execution").str("jobId") shouldBe "g1"
                emulator.expireJobTimers() shouldBe 1
                emulator.jobExecution("group-thing-1", "g1")!!.status shouldBe "TIMED_OUT"
                emulator.jobExecution("group-thing-2", "g1")!!.status shouldBe "QUEUED"
            }
            shouldThrow<IllegalArgumentException> {
                emulator.createJob("g2", doc, emptyList(), listOf("no-such-group"))
            }
            shouldThrow<IllegalArgumentException> {
                emulator.createJob("g3", doc, listOf("t"), inProgressTimeoutMinutes = 0)
            }
        }
    })
