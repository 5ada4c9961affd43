package dev.iotsdk.dataplane

import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.common.HttpEngine
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.model.IotJson
import dev.iotsdk.model.shadow.ShadowDeltaMessage
import dev.iotsdk.model.shadow.ShadowDocumentsMessage
import dev.iotsdk.model.shadow.ShadowState
import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlin.time.Duration.Companion.seconds

class IotDataPlaneClientTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val client by lazy { emu.dataPlane() }

        afterSpec { client.close() }

        test(
            "GetThingShadow of a shadow that does not exist is a ResourceNotFoundException with status and request id",
        ) {
            val e = shouldThrow<ResourceNotFoundException> { client.getThingShadow("no-such-thing") }
            e.statusCode shouldBe 404
            e.errorCode shouldBe "ResourceNotFoundException"
            e.requestId.shouldNotBeNull()
            e.message shouldContain "No shadow exists"
        }

        test("UpdateThingShadow over HTTPS emits the MQTT delta and documents; GetThingShadow shows the delta") {
            MqttProbe.connect(emu, "dp-shadow-watcher").use { probe ->
                probe.subscribe("\$aws/things/lamp-http/shadow/update/#")
                client.updateThingShadow("lamp-http", ShadowState(reported = buildJsonObject { put("on", false) }))
                val accepted = client.updateThingShadow(
                    "lamp-http",
                    ShadowState(desired = buildJsonObject { put("on", true) }),
                    clientToken = "app-1",
                )
                accepted.version shouldBe 2
                accepted.clientToken shouldBe "app-1"
                val delta = IotJson.decodeFromString(
                    ShadowDeltaMessage.serializer(),
                    probe.next("\$aws/things/lamp-http/shadow/update/delta").payloadAsBytes.decodeToString(),
                )
                delta.state["on"] shouldBe JsonPrimitive(true)
                delta.clientToken shouldBe "app-1"
                delta.version shouldBe 2
                val documents = IotJson.decodeFromString(
                    ShadowDocumentsMessage.serializer(),
                    probe.next("\$aws/things/lamp-http/shadow/update/documents").payloadAsBytes.decodeToString(),
                )
                documents.current?.version shouldBe 2
                val doc = client.getThingShadow("lamp-http")
                doc.state?.delta?.get("on") shouldBe JsonPrimitive(true)
                doc.state?.reported?.get("on") shouldBe JsonPrimitive(false)
                emu.shadow("lamp-http").shouldNotBeNull() shouldContain "\"desired\":{\"on\":true}"
            }
        }

        test("a conditional update with a stale version is a ConflictException (409)") {
            client.updateThingShadow("versioned", ShadowState(desired = buildJsonObject { put("a", 1) }))
            val e = shouldThrow<ConflictException> {
                client.updateThingShadow(
                    "versioned",
                    ShadowState(
                        desired = buildJsonObject {
                            put("a", 2)
                        },
                    ),
                    expectedVersion = 7,
                )
            }
            e.statusCode shouldBe 409
            client.updateThingShadow(
                "versioned",
                ShadowState(
                    desired = buildJsonObject {
                        put("a", 2)
                    },
                ),
                expectedVersion = 1,
            ).version shouldBe
                2
        }

        test("named shadows: update, list with a paginator (page size, max items, starting token), delete") {
            val names = listOf("beta", "alpha", "delta", "gamma", "epsilon")
            names.forEach {
                client.updateThingShadow(
                    "multi",
                    ShadowState(
                        reported = buildJsonObject {
                            put("n", it)
                        },
                    ),
                    shadowName = it,
                )
            }
            client.updateThingShadow("multi", ShadowState(reported = buildJsonObject { put("classic", true) }))
            client.getThingShadow("multi", "gamma").state?.reported?.get("n") shouldBe JsonPrimitive("gamma")

            val pages = client.listNamedShadowsForThingPaginated("multi", PaginationConfig(pageSize = 2)).toList()
            pages.map { it.results.size } shouldContainExactly listOf(2, 2, 1)
            pages.flatMap { it.results } shouldContainExactly names.sorted()
            pages.last().nextToken.shouldBeNull()
            pages.first().timestamp.shouldNotBeNull()

            val limited = client.listNamedShadowsForThingPaginated(
                "multi",
                PaginationConfig(maxItems = 3, pageSize = 2),
            ).toList()
            limited.flatMap { it.results } shouldContainExactly names.sorted().take(3)
            val resumed = client.listNamedShadowsForThingPaginated(
                "multi",
                PaginationConfig(startingToken = pages[0].nextToken),
            ).toList()
            resumed.flatMap { it.results } shouldContainExactly names.sorted().drop(2)

            client.listNamedShadowsForThing("unknown-thing").results shouldBe emptyList()

            val deleted = client.deleteThingShadow("multi", "alpha")
            deleted.version shouldBe 1
            shouldThrow<ResourceNotFoundException> { client.getThingShadow("multi", "alpha") }
            shouldThrow<ResourceNotFoundException> { client.deleteThingShadow("multi", "alpha") }
            client.listNamedShadowsForThing("multi").results shouldContainExactly names.sorted().drop(1)
        }

        test(
            "Publish reaches MQTT 5 subscribers with its user properties, content type, response topic, " +
                "correlation data, format and expiry",
        ) {
            MqttProbe.connect(emu, "dp-publish-probe").use { probe ->
                probe.subscribe("dp/cmd")
                client.publish(
                    PublishRequest(
                        "dp/cmd",
                        """{"on":true}""".encodeToByteArray(),
                        qos = 1,
                        userProperties = listOf(UserProperty("deviceName", "alpha"), UserProperty("deviceCnt", "45")),
                        payloadFormatIndicator = PayloadFormatIndicator.UTF8_DATA,
                        contentType = "application/json",
                        responseTopic = "dp/reply",
                        correlationData = byteArrayOf(1, 2, 3, -1),
                        messageExpirySeconds = 300,
                    ),
                )
                val m = probe.next("dp/cmd")
                m.payloadAsBytes.decodeToString() shouldBe """{"on":true}"""
                m.qos.code shouldBe 1
                m.userProperties.asList().map { it.name.toString() to it.value.toString() } shouldContainExactly
                    listOf("deviceName" to "alpha", "deviceCnt" to "45")
                m.contentType.get().toString() shouldBe "application/json"
                m.responseTopic.get().toString() shouldBe "dp/reply"
                val correlation = m.correlationData.get()
                ByteArray(correlation.remaining()).also { correlation.get(it) }.toList() shouldBe
                    listOf<Byte>(1, 2, 3, -1)
                m.payloadFormatIndicator.get().name shouldBe "UTF_8"
                (m.messageExpiryInterval.asLong in 1L..300L) shouldBe true
            }
        }

        test("a topic with characters that need percent-encoding arrives unchanged") {
            val topic = "dp/spa ce/ü€/a%b&c=d?e"
            MqttProbe.connect(emu, "dp-encoding-probe").use { probe ->
                probe.subscribe(topic)
                client.publish(topic, "x".encodeToByteArray())
                probe.next(topic).payloadAsBytes.decodeToString() shouldBe "x"
            }
        }

        test(
            "retained messages: published over HTTPS and MQTT, read one, list with a paginator, delete with an " +
                "empty payload",
        ) {
            client.publish(
                PublishRequest(
                    "ret/a",
                    "A".encodeToByteArray(),
                    qos = 1,
                    retain = true,
                    userProperties = listOf(UserProperty("k", "v")),
                ),
            )
            client.publish(PublishRequest("ret/b", "BB".encodeToByteArray(), retain = true))
            client.publish(PublishRequest("ret/c d", "CCC".encodeToByteArray(), retain = true))
            emu.publish("ret/mqtt", "M".encodeToByteArray(), 0, true)

            val a = client.getRetainedMessage("ret/a")
            a.payloadAsString() shouldBe "A"
            a.qos shouldBe 1
            a.userProperties shouldContainExactly listOf(UserProperty("k", "v"))
            a.lastModifiedTime shouldBeGreaterThan 0L
            client.getRetainedMessage("ret/c d").payloadAsString() shouldBe "CCC"

            val pages = client.listRetainedMessagesPaginated(PaginationConfig(pageSize = 3)).toList()
            val topics = pages.flatMap { it.retainedTopics }.filter { it.topic.startsWith("ret/") }
            topics.map { it.topic } shouldContainExactly listOf("ret/a", "ret/b", "ret/c d", "ret/mqtt")
            topics.first { it.topic == "ret/b" }.payloadSize shouldBe 2
            pages.first().retainedTopics.size shouldBe 3

            client.publish(PublishRequest("ret/b", ByteArray(0), retain = true))
            shouldThrow<ResourceNotFoundException> { client.getRetainedMessage("ret/b") }
            shouldThrow<ResourceNotFoundException> { client.getRetainedMessage("ret/never") }
        }

        test(
            "bad input: non-JSON and non-UTF-8 shadow documents, oversize shadow and publish payloads are typed errors",
        ) {
            shouldThrow<InvalidRequestException> {
                client.updateThingShadow("bad-input", "not json".encodeToByteArray())
            }.statusCode shouldBe
                400
            shouldThrow<UnsupportedDocumentEncodingException> {
                client.updateThingShadow(
                    "bad-input",
                    byteArrayOf('{'.code.toByte(), 0xC3.toByte(), 0x28, '}'.code.toByte()),
                )
            }.statusCode shouldBe 415
            val big = buildJsonObject { put("blob", "x".repeat(9 * 1024)) }
            shouldThrow<RequestEntityTooLargeException> {
                client.updateThingShadow("bad-input", ShadowState(desired = big))
            }.statusCode shouldBe
                413
            shouldThrow<RequestEntityTooLargeException> { client.publish("dp/big", ByteArray(129 * 1024)) }
            shouldThrow<IllegalArgumentException> { client.getThingShadow("bad/thing") }
            shouldThrow<IllegalArgumentException> { PublishRequest("dp/+", ByteArray(0)) }
        }

        test("DeleteConnection disconnects an MQTT client; a second call is a ResourceNotFoundException") {
            val probe = MqttProbe.connect(emu, "dp-victim")
            try {
                client.deleteConnection("dp-victim", preventWillMessage = true)
                emu.awaitEvent {
                    it is EmulatorEvent.ClientDisconnected &&
                        it.clientId == "dp-victim"
                }
                shouldThrow<ResourceNotFoundException> { client.deleteConnection("dp-victim") }
            } finally {
                probe.close()
            }
        }

        test("the OkHttp engine works like the default JDK engine") {
            for (engine in listOf(HttpEngine.OKHTTP)) {
                emu.dataPlane { this.engine = engine }.use { c ->
                    c.updateThingShadow(
                        "engine-$engine",
                        ShadowState(
                            reported = buildJsonObject {
                                put("e", engine.name)
                            },
                        ),
                    )
                    c.getThingShadow("engine-$engine").state?.reported?.get("e") shouldBe JsonPrimitive(engine.name)
                    c.publish(
                        PublishRequest(
                            "dp/engine",
                            "e".encodeToByteArray(),
                            userProperties = listOf(UserProperty("a", "b")),
                        ),
                    )
                }
            }
        }

        test("every engine: 64 concurrent calls each get their own answer") {
            for (engine in HttpEngine.entries) {
                emu.dataPlane { this.engine = engine }.use { c ->
                    val things = (1..8).map { "concurrent-$engine-$it" }
                    for (thing in things) {
                        c.updateThingShadow(
                            thing,
                            ShadowState(
                                reported = buildJsonObject {
                                    put("name", thing)
                                },
                            ),
                        )
                    }
                    val names = withTimeout(60.seconds) {
                        coroutineScope {
                            (0 until 64).map { i ->
                                async(Dispatchers.Default) {
                                    val thing = things[i % things.size]
                                    if (i % 2 == 0) c.publish("dp/concurrent/$i", "$i".encodeToByteArray(), qos = 1)
                                    thing to c.getThingShadow(thing).state?.reported?.get("name")
                                }
                            }.awaitAll()
                        }
                    }
                    names.forEach { (thing, name) -> name shouldBe JsonPrimitive(thing) }
                }
            }
        }

        test("every engine: a server certificate the trust material does not accept is a non-retryable TLS error") {
            for (engine in HttpEngine.entries) {
                emu.dataPlane {
                    this.engine = engine
                    trust = TrustMaterial.system()
                }.use { c ->
                    val e = shouldThrow<DataPlaneClientException> { c.getThingShadow("lamp-http") }
                    e.message shouldContain "TLS failed"
                    e.isRetryable shouldBe false
                }
            }
        }

        test("a closed client refuses calls with a typed error") {
            val c = emu.dataPlane()
            c.close()
            shouldThrow<DataPlaneClientException> { c.getThingShadow("lamp-http") }.message shouldContain "closed"
        }
    })
