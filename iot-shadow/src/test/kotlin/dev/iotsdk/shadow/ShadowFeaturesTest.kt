package dev.iotsdk.shadow

import dev.iotsdk.core.ConnectionLostException
import dev.iotsdk.core.OperationTimeoutException
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.model.IotJson
import dev.iotsdk.model.shadow.ShadowState
import dev.iotsdk.test.IotEmulatorExtension
import dev.iotsdk.test.eventually
import dev.iotsdk.test.plainClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import kotlinx.serialization.json.put
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds

class ShadowFeaturesTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        test("typed: whole objects in and out, and partial deltas arrive as whole desired objects") {
            emulator.plainClient("typed-lamp").use { mqtt ->
                mqtt.connect()
                ShadowClient(mqtt, "typed-lamp").use { shadow ->
                    val lamp = shadow.typed<Lamp>()
                    lamp.get() shouldBe null
                    lamp.report(Lamp(power = "on", color = "red")) shouldBe 1L
                    val snapshot = lamp.get()!!
                    snapshot.reported shouldBe Lamp("on", "red")
                    snapshot.desired shouldBe null
                    coroutineScope {
                        val seen = Channel<ShadowEvent<Lamp>>(Channel.UNLIMITED)
                        val job =
                            launch(start = CoroutineStart.UNDISPATCHED) {
                                lamp.desiredEvents().collect { seen.send(it) }
                            }
                        withTimeout(10.seconds) { seen.receive() shouldBe ShadowEvent.Subscribed }
                        // the app changes one field: the device receives the whole lamp
                        emulator.updateShadow("typed-lamp", null, """{"state":{"desired":{"color":"blue"}}}""")
                        (withTimeout(10.seconds) { seen.receive() } as ShadowEvent.Received).value shouldBe
                            Lamp("on", "blue")
                        // a desired value of the wrong type is an error event, and the stream goes on
                        emulator.updateShadow("typed-lamp", null, """{"state":{"desired":{"power":{"nested":true}}}}""")
                        withTimeout(10.seconds) { seen.receive() }.shouldBeInstanceOf<ShadowEvent.Error>()
                        emulator.updateShadow("typed-lamp", null, """{"state":{"desired":{"power":"off"}}}""")
                        (withTimeout(10.seconds) { seen.receive() } as ShadowEvent.Received).value shouldBe
                            Lamp("off", "blue")
                        job.cancel()
                    }
                    lamp.desire(Lamp("on", "green"))
                    lamp.get()!!.desired shouldBe Lamp("on", "green")
                }
            }
        }

        test("per-request subscriptions are released after each request; persistent ones stay") {
            emulator.plainClient("per-request").use { mqtt ->
                mqtt.connect()
                ShadowClient(mqtt, "per-request-thing", ShadowOptions(persistentSubscriptions = false)).use { shadow ->
                    shadow.update(reported = buildJsonObject { put("a", 1) }).version shouldBe 1L
                    shadow.get().version shouldBe 1L
                    eventually(10.seconds, "no shadow subscriptions left") {
                        emulator.subscriptionsOf("per-request").none { it.contains("/shadow/") }
                    }
                    emulator.subscriptionsOf("per-request").filter { it.contains("/shadow/") }.shouldBeEmpty()
                }
            }
            emulator.plainClient("persistent").use { mqtt ->
                mqtt.connect()
                ShadowClient(mqtt, "persistent-thing").use { shadow ->
                    shadow.update(reported = buildJsonObject { put("a", 1) })
                    emulator.subscriptionsOf("persistent").count { it.contains("/shadow/update/") } shouldBe 2
                }
            }
        }

        test("an update over the state quota is refused before anything is sent") {
            emulator.plainClient("too-large").use { mqtt ->
                mqtt.connect()
                ShadowClient(mqtt, "too-large-thing").use { shadow ->
                    val big = buildJsonObject { put("blob", "x".repeat(9000)) }
                    val e = shouldThrow<ShadowStateTooLargeException> { shadow.update(reported = big) }
                    e.limit shouldBe 8192
                    (e.size > 9000) shouldBe true
                    // the next (small) update is the first thing this client publishes to the shadow
                    shadow.update(reported = buildJsonObject { put("small", true) }).version shouldBe 1L
                    emulator.awaitEvent {
                        it is EmulatorEvent.MessagePublished &&
                            it.clientId == "too-large" &&
                            it.topic.endsWith("/shadow/update")
                    }.let { (it as EmulatorEvent.MessagePublished).payloadSize < 200 } shouldBe true
                }
            }
        }

        test("requests in flight when the connection drops each complete or fail with a typed error; none hangs") {
            emulator.plainClient("inflight-loss").use { mqtt ->
                mqtt.connect()
                ShadowClient(mqtt, "inflight-thing", ShadowOptions(requestTimeout = 5.seconds)).use { shadow ->
                    coroutineScope {
                        val calls = (1..50).map { i ->
                            async(Dispatchers.Default) {
                                runCatching { shadow.update(reported = buildJsonObject { put("n", i) }) }
                            }
                        }
                        emulator.disconnectClient("inflight-loss")
                        val outcomes = withTimeout(30.seconds) { calls.awaitAll() }
                        outcomes.forEach { r ->
                            val e = r.exceptionOrNull() ?: return@forEach
                            (
                                e is OperationTimeoutException ||
                                    e is ConnectionLostException ||
                                    e is ShadowRejectedException
                                ) shouldBe
                                true
                        }
                        val accepted = outcomes.count { it.isSuccess }
                        val version = IotJson.parseToJsonElement(
                            emulator.shadow("inflight-thing")!!,
                        ).jsonObject["version"]!!.jsonPrimitive.long
                        (version >= accepted) shouldBe true
                    }
                    // the client carries on after the reconnect
                    withTimeout(20.seconds) { shadow.update(reported = buildJsonObject { put("after", true) }) }
                }
            }
        }

        test("1,000 concurrent conditional updates from two clients: each told accepted or conflict, versions add up") {
            val a = emulator.plainClient("race-a")
            val b = emulator.plainClient("race-b")
            a.use {
                b.use {
                    a.connect()
                    b.connect()
                    val sa = ShadowClient(a, "race-thing")
                    val sb = ShadowClient(b, "race-thing")
                    sa.update(reported = buildJsonObject { put("n", 0) }).version shouldBe 1L
                    val accepted = AtomicInteger()
                    val conflicts = AtomicInteger()
                    withContext(Dispatchers.Default) {
                        (0 until 1000).map { i ->
                            async {
                                val client = if (i % 2 == 0) sa else sb
                                val version = client.get().version
                                try {
                                    client.update(
                                        ShadowState(
                                            reported = buildJsonObject {
                                                put("n", i)
                                            },
                                        ),
                                        expectedVersion = version,
                                    )
                                    accepted.incrementAndGet()
                                } catch (e: ShadowRejectedException) {
                                    e.isVersionConflict shouldBe true
                                    conflicts.incrementAndGet()
                                }
                            }
                        }.awaitAll()
                    }
                    (accepted.get() + conflicts.get()) shouldBe 1000
                    (accepted.get() > 0) shouldBe true
                    sa.get().version shouldBe 1L + accepted.get()
                    sa.close()
                    sb.close()
                }
            }
        }

        test("a malformed payload on the delta topic is an error event and the stream goes on") {
            emulator.plainClient("malformed-delta").use { mqtt ->
                mqtt.connect()
                ShadowClient(mqtt, "malformed-thing").use { shadow ->
                    coroutineScope {
                        val seen = Channel<ShadowEvent<*>>(Channel.UNLIMITED)
                        val job =
                            launch(start = CoroutineStart.UNDISPATCHED) {
                                shadow.deltaEvents().collect { seen.send(it) }
                            }
                        withTimeout(10.seconds) { seen.receive() shouldBe ShadowEvent.Subscribed }
                        emulator.publish(
                            "\$aws/things/malformed-thing/shadow/update/delta",
                            "not json".toByteArray(),
                            1,
                            false,
                        )
                        withTimeout(10.seconds) { seen.receive() }.shouldBeInstanceOf<ShadowEvent.Error>()
                        emulator.updateShadow("malformed-thing", null, """{"state":{"desired":{"x":1}}}""")
                        withTimeout(10.seconds) { seen.receive() }.shouldBeInstanceOf<ShadowEvent.Received<*>>()
                        job.cancel()
                    }
                }
            }
        }
    })
