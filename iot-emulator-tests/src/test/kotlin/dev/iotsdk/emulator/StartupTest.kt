package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttClient
import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder
import dev.iotsdk.emulator.internal.BrokerConfig
import io.kotest.assertions.throwables.shouldThrowAny
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import java.net.InetAddress
import java.net.ServerSocket
import java.nio.file.Files
import java.nio.file.Paths
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.time.measureTimedValue

/** Measures a warm start (another emulator already ran in this JVM) and idle memory; prints the figures. */
class StartupTest :
    FunSpec({
        test("a warm start is fast, close releases the ports and deletes the data folder") {
            IotEmulator.start().close() // warm-up (another spec may already have warmed the JVM)
            val (emu, took) = measureTimedValue { IotEmulator { enablePlainPort = false } }
            try {
                emu.plainPort shouldBe null
                System.gc()
                val rt = Runtime.getRuntime()
                val heapMb = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024)
                val rss = runCatching {
                    Files.readAllLines(Paths.get("/proc/self/status")).first { it.startsWith("VmRSS") }
                }.getOrDefault("VmRSS: n/a")
                println("EMULATOR-METRICS warm start: $took; heap used after GC: $heapMb MB; $rss (whole test JVM)")
            } finally {
                val dir = emu.dataDirectory
                emu.close()
                Files.exists(dir) shouldBe false
            }
            emu.close() // idempotent
        }

        test("close disconnects every client, without HiveMQ's production pauses, and frees the ports") {
            val emu = IotEmulator.start()
            val ports = listOfNotNull(emu.mqttPort, emu.port443, emu.port8443, emu.plainPort)
            emu.runtime.broker.quickShutdown shouldBe true // HiveMQ's 2 s Netty quiet period swapped out
            val device = emu.registerThing("closing-device")
            val ends = mutableListOf<CompletableFuture<Throwable>>()
            fun watched(builder: Mqtt5ClientBuilder, id: String) = CompletableFuture<Throwable>().let { end ->
                ends += end
                builder.identifier(id).serverHost(emu.endpoint).addDisconnectedListener { end.complete(it.cause) }
                    .buildBlocking().also { it.connect() }
            }
            watched(
                MqttClient.builder().useMqttVersion5().serverPort(emu.mqttPort).sslConfig(Tls.clientSsl(emu, device)),
                "closing-device",
            )
            watched(MqttClient.builder().useMqttVersion5().serverPort(emu.plainPort!!), "closing-watcher")
            emu.close()
            // the relayed connection ends at the front door, the plain one at the broker; neither waits for a timeout
            for (end in ends) end.get(10, TimeUnit.SECONDS).shouldNotBeNull()
            for (port in ports) ServerSocket(port, 0, InetAddress.getLoopbackAddress()).close()
        }

        test("the broker's listeners are bound to the ports the emulator relays to and reports") {
            IotEmulator.start().use { emu ->
                val broker = emu.runtime.broker
                broker.boundListeners() shouldBe mapOf(
                    BrokerConfig.INTERNAL_TCP_LISTENER to broker.tcpPort,
                    BrokerConfig.INTERNAL_WS_LISTENER to broker.webSocketPort,
                    BrokerConfig.PLAIN_LISTENER to emu.plainPort,
                )
            }
        }

        test("a plain port another process holds fails the start, instead of clients reaching that process") {
            ServerSocket(0, 1, InetAddress.getLoopbackAddress()).use { squatter ->
                val error = shouldThrowAny { IotEmulator { plainPort = squatter.localPort } }
                generateSequence(error) { it.cause }.map { it.message.orEmpty() }.toList()
                    .shouldContain("the plain port ${squatter.localPort} is in use")
            }
        }

        test("two emulators run side by side in one JVM, each with its own clients, policies and presence events") {
            IotEmulator.start().use { a ->
                IotEmulator.start().use { b ->
                    a.createPolicy("deny-all", """{"Statement":[{"Effect":"Deny","Action":"iot:*","Resource":"*"}]}""")
                    val da = a.registerThing("side-a")
                    a.attachPolicy("deny-all", da.certificateId)
                    val db = b.registerThing("side-b")
                    io.kotest.assertions.throwables.shouldThrowAny { mqtt5(a, "side-a", da).connect() }
                    val watcher = plain5(b, "side-watcher")
                    watcher.connect()
                    val publishes = watcher.publishes(MqttGlobalPublishFilter.ALL)
                    watcher.subscribeWith().topicFilter("\$aws/events/presence/connected/side-b").send()
                    val cb = mqtt5(b, "side-b", db)
                    cb.connect()
                    publishes.receive(10, TimeUnit.SECONDS).isPresent shouldBe true
                    b.connectedClients() shouldBe setOf("side-watcher", "side-b")
                    a.connectedClients() shouldBe emptySet()
                    b.disconnectClient("side-b") shouldBe true
                    a.disconnectClient("side-b") shouldBe false
                    watcher.disconnect()
                }
            }
        }
    })
