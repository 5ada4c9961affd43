package dev.iotsdk.shadow

import dev.iotsdk.model.IotJson
import dev.iotsdk.model.shadow.ShadowDeltaMessage
import dev.iotsdk.model.shadow.ShadowDocumentsMessage
import dev.iotsdk.model.shadow.ShadowState
import dev.iotsdk.model.shadow.desired
import dev.iotsdk.model.shadow.desiredAs
import dev.iotsdk.test.IotEmulatorExtension
import dev.iotsdk.test.plainClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.put
import kotlin.time.Duration.Companion.seconds

@Serializable
data class Lamp(val power: String = "off", val color: String = "white")

class ShadowClientTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        fun reported(thing: String) =
            IotJson.parseToJsonElement(emulator.shadow(thing)!!).jsonObject["state"]!!.jsonObject["reported"]

        test("get, update and delete a classic shadow") {
            emulator.plainClient("shadow-classic").use { mqtt ->
                mqtt.connect()
                ShadowClient(mqtt, "lamp-classic").use { shadow ->
                    shouldThrow<ShadowRejectedException> { shadow.get() }.isNotFound shouldBe true
                    val accepted = shadow.update(reported = buildJsonObject { put("power", "on") })
                    accepted.version shouldBe 1
                    accepted.clientToken.shouldNotBeNull()
                    shadow.update(ShadowState.desired(Lamp(power = "on", color = "red"))).version shouldBe 2
                    val doc = shadow.get()
                    doc.version shouldBe 2
                    doc.state.shouldNotBeNull().desiredAs<Lamp>() shouldBe Lamp("on", "red")
                    doc.state!!.delta shouldBe buildJsonObject { put("color", "red") }
                    shadow.update(desired = buildJsonObject { put("color", JsonNull) }).version shouldBe 3
                    shadow.get().state!!.desired shouldBe buildJsonObject { put("power", "on") }
                    shadow.delete().version shouldBe 3
                    emulator.shadow("lamp-classic") shouldBe null
                    shouldThrow<ShadowRejectedException> { shadow.delete() }.code shouldBe 404
                }
            }
        }

        test("invalid thing and shadow names are refused before anything is sent, saying what is allowed") {
            emulator.plainClient("shadow-names").use { mqtt ->
                shouldThrow<IllegalArgumentException> { ShadowClient(mqtt, "lamp/1") }.message shouldContain
                    "invalid thing name 'lamp/1'"
                ShadowClient(mqtt, "lamp-names").use { shadow ->
                    // not connected: a request that got as far as publishing would fail differently
                    shouldThrow<IllegalArgumentException> { shadow.get("a#b") }.message shouldContain
                        "[\$a-zA-Z0-9:_-]"
                }
            }
        }

        test("named shadows are separate from the classic one") {
            emulator.plainClient("shadow-named").use { mqtt ->
                mqtt.connect()
                ShadowClient(mqtt, "lamp-named").use { shadow ->
                    shadow.update(
                        reported = buildJsonObject {
                            put("fw", "1.0")
                        },
                        shadowName = "firmware",
                    ).version shouldBe
                        1
                    shadow.get("firmware").state!!.reported shouldBe buildJsonObject { put("fw", "1.0") }
                    val missing = shouldThrow<ShadowRejectedException> { shadow.get() }
                    missing.serviceMessage shouldBe "No shadow exists with name: 'lamp-named'"
                    IotJson.parseToJsonElement(
                        emulator.shadow("lamp-named", "firmware")!!,
                    ).jsonObject["version"].toString() shouldBe
                        "1"
                    shadow.delete("firmware")
                    shouldThrow<ShadowRejectedException> { shadow.get("firmware") }.serviceMessage shouldBe
                        "No shadow exists with name: 'firmware'"
                }
            }
        }

        test("a stale expected version fails with a typed 409 version conflict") {
            emulator.plainClient("shadow-409").use { mqtt ->
                mqtt.connect()
                ShadowClient(mqtt, "lamp-409").use { shadow ->
                    shadow.update(reported = buildJsonObject { put("power", "on") })
                    shadow.update(
                        reported = buildJsonObject {
                            put("power", "off")
                        },
                        expectedVersion = 1,
                    ).version shouldBe
                        2
                    val conflict = shouldThrow<ShadowRejectedException> {
                        shadow.update(reported = buildJsonObject { put("power", "on") }, expectedVersion = 1)
                    }
                    conflict.isVersionConflict shouldBe true
                    conflict.statusCode shouldBe 409
                    conflict.serviceMessage shouldBe "Version conflict"
                    conflict.requestId.shouldNotBeNull()
                }
            }
        }

        test("the delta stream receives a cloud-side desired change and survives a forced disconnect") {
            emulator.plainClient("shadow-delta").use { mqtt ->
                mqtt.connect()
                ShadowClient(mqtt, "lamp-delta").use { shadow ->
                    coroutineScope {
                        val events = Channel<ShadowEvent<ShadowDeltaMessage>>(Channel.UNLIMITED)
                        val job =
                            launch(start = CoroutineStart.UNDISPATCHED) {
                                shadow.deltaEvents().collect { events.send(it) }
                            }
                        withTimeout(10.seconds) { events.receive() shouldBe ShadowEvent.Subscribed }
                        emulator.updateShadow(
                            "lamp-delta",
                            null,
                            """{"state":{"desired":{"power":"on"}},"clientToken":"app-1"}""",
                        )
                        val first = withTimeout(10.seconds) { events.receive() }
                        first as ShadowEvent.Received
                        first.value.state shouldBe buildJsonObject { put("power", "on") }
                        first.value.clientToken shouldBe "app-1"
                        first.resync shouldBe false

                        // the session is lost (clean start): the stream resubscribes and re-reads the shadow
                        emulator.disconnectClient("shadow-delta") shouldBe true
                        withTimeout(10.seconds) { events.receive() shouldBe ShadowEvent.SubscriptionLost }
                        withTimeout(20.seconds) { events.receive() shouldBe ShadowEvent.Subscribed }
                        val resync = withTimeout(10.seconds) { events.receive() }
                        resync as ShadowEvent.Received
                        resync.resync shouldBe true
                        resync.value.state shouldBe buildJsonObject { put("power", "on") }

                        emulator.updateShadow("lamp-delta", null, """{"state":{"desired":{"color":"blue"}}}""")
                        val after = withTimeout(10.seconds) { events.receive() }
                        (after as ShadowEvent.Received).value.state shouldBe
                            buildJsonObject {
                                put("power", "on")
                                put("color", "blue")
                            }
                        job.cancel()
                    }
                }
            }
        }

        test("the documents stream reports previous and current") {
            emulator.plainClient("shadow-docs").use { mqtt ->
                mqtt.connect()
                ShadowClient(mqtt, "lamp-docs").use { shadow ->
                    coroutineScope {
                        val events = Channel<ShadowEvent<*>>(Channel.UNLIMITED)
                        val job =
                            launch(start = CoroutineStart.UNDISPATCHED) {
                                shadow.documentEvents().collect { events.send(it) }
                            }
                        withTimeout(10.seconds) { events.receive() shouldBe ShadowEvent.Subscribed }
                        shadow.update(reported = buildJsonObject { put("power", "on") })
                        shadow.update(reported = buildJsonObject { put("power", "off") })
                        withTimeout(10.seconds) { events.receive() }
                        val second = withTimeout(10.seconds) { events.receive() } as ShadowEvent.Received<*>
                        val docs = second.value as ShadowDocumentsMessage
                        docs.previous!!.version shouldBe 1
                        docs.current!!.state!!.reported shouldBe buildJsonObject { put("power", "off") }
                        job.cancel()
                    }
                }
            }
        }

        test("the sync helper applies the shadow at start and each desired change, and reports it back") {
            emulator.plainClient("shadow-sync").use { mqtt ->
                mqtt.connect()
                ShadowClient(mqtt, "lamp-sync").use { shadow ->
                    emulator.updateShadow("lamp-sync", null, """{"state":{"desired":{"power":"on"}}}""")
                    coroutineScope {
                        val applied = Channel<Lamp>(Channel.UNLIMITED)
                        val sync = ShadowSync(shadow, Lamp()) { wanted ->
                            applied.send(wanted)
                            wanted
                        }
                        val job = sync.start(this)
                        withTimeout(10.seconds) { applied.receive() } shouldBe Lamp(power = "on")
                        withTimeout(10.seconds) { sync.version.first { it == 2L } }
                        reported("lamp-sync") shouldBe buildJsonObject {
                            put("power", "on")
                            put("color", "white")
                        }

                        emulator.updateShadow("lamp-sync", null, """{"state":{"desired":{"color":"red"}}}""")
                        withTimeout(10.seconds) { applied.receive() } shouldBe Lamp(power = "on", color = "red")
                        withTimeout(10.seconds) { sync.version.first { it == 4L } }
                        sync.state.value shouldBe Lamp("on", "red")
                        val doc = IotJson.parseToJsonElement(emulator.shadow("lamp-sync")!!).jsonObject
                        doc["state"]!!.jsonObject["delta"] shouldBe null
                        job.cancel()
                    }
                }
            }
        }

        test("the sync helper recovers from a version conflict by re-reading") {
            emulator.plainClient("shadow-sync-409").use { mqtt ->
                mqtt.connect()
                ShadowClient(mqtt, "lamp-race").use { shadow ->
                    emulator.updateShadow("lamp-race", null, """{"state":{"desired":{"power":"on"}}}""")
                    coroutineScope {
                        val first = Channel<Unit>()
                        val release = Channel<Unit>()
                        var calls = 0
                        val sync = ShadowSync(shadow, Lamp()) { wanted ->
                            calls++
                            if (calls == 1) {
                                first.send(Unit)
                                release.receive()
                            }
                            wanted
                        }
                        val job = sync.start(this)
                        withTimeout(10.seconds) { first.receive() }
                        // the app changes desired while the device applies: the device's report (version 1) conflicts
                        emulator.updateShadow("lamp-race", null, """{"state":{"desired":{"color":"green"}}}""")
                        release.send(Unit)
                        withTimeout(10.seconds) { sync.state.first { it == Lamp("on", "green") } }
                        withTimeout(10.seconds) { sync.version.first { it == 3L } }
                        reported("lamp-race") shouldBe buildJsonObject {
                            put("power", "on")
                            put("color", "green")
                        }
                        job.cancel()
                    }
                }
            }
        }
    })
