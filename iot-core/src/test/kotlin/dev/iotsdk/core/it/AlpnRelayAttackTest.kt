package dev.iotsdk.core.it

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.MqttVersion
import dev.iotsdk.core.internal.DefaultIotMqttClient
import dev.iotsdk.core.internal.transport.AlpnTlsRelay
import dev.iotsdk.core.internal.transport.ConnectionFactory
import dev.iotsdk.emulator.CustomAuthorizer
import dev.iotsdk.emulator.DeviceIdentity
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import java.io.ByteArrayOutputStream
import java.net.BindException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.net.SocketTimeoutException
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds

/**
 * A neighbour on the device's loopback (any app on Android) attacks the 443 ALPN relay: it connects first, hoping to
 * get the device's authenticated session, and binds the relay's port once the relay's listener is gone, hoping to
 * receive the device's plaintext CONNECT and PUBLISH and to answer with a fake CONNACK.
 */
class AlpnRelayAttackTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val loopback = InetAddress.getLoopbackAddress()

        fun client(
            device: DeviceIdentity,
            version: MqttVersion = MqttVersion.MQTT_5,
            onRelay: suspend (AlpnTlsRelay) -> Unit,
        ): IotMqttClient {
            val config = IotMqttClientConfig {
                endpoint = emulator.endpoint
                port = emulator.port443
                connectionType =
                    ConnectionType.MutualTls(TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem), true)
                trust = TrustMaterial.fromPem(emulator.caCertificatePem)
                clientId = device.thingName
                reconnect = FAST_RECONNECT
                mqttVersion = version
            }
            return DefaultIotMqttClient(config, connector = { sink -> ConnectionFactory(config, sink, onRelay) })
        }

        for (version in MqttVersion.entries) {
            test("$version: a neighbour that connects to the relay before HiveMQ gets nothing and sends nothing") {
                val device = emulator.registerThing("race-first-${version.name.lowercase()}")
                val intruders = CopyOnWriteArrayList<Socket>()
                val relays = CopyOnWriteArrayList<AlpnTlsRelay>()
                val seen = CopyOnWriteArrayList<EmulatorEvent>()
                val watch = launch(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                    emulator.events.collect { seen += it }
                }
                client(device, version) { relay ->
                    relays += relay
                    // wins the race: connected and its CONNECT and PUBLISH written before HiveMQ even starts
                    val intruder = Socket().apply { connect(InetSocketAddress(loopback, relay.localPort), 5_000) }
                    // the relay may refuse it before the PUBLISH is written: a broken pipe is the attack failing
                    runCatching {
                        intruder.getOutputStream().apply {
                            write(MqttWire.connect("intruder"))
                            write(MqttWire.publish("devices/${device.thingName}/echo", "forged"))
                            flush()
                        }
                    }
                    intruders += intruder
                }.use { c ->
                    c.connect()
                    roundTrip(c, "devices/${device.thingName}/echo")
                    relays shouldHaveSize 1
                    // the intruder's connection was closed without one byte of the device's session
                    withContext(Dispatchers.IO) { MqttWire.readAll(intruders.single()) } shouldBe 0
                    relays.single().rejected shouldBeGreaterThanOrEqual 1
                    // the broker saw the device, never the intruder, and no forged publish
                    seen.filterIsInstance<EmulatorEvent.ClientConnected>().map { it.clientId } shouldBe
                        listOf(device.thingName)
                    seen.filter { it.toString().contains("intruder") || it.toString().contains("forged") }
                        .shouldBeEmpty()
                }
                watch.cancel()
            }
        }

        test("custom authorizer on 443: neither a first connect nor a squatted port gets the CONNECT with the token") {
            emulator.registerAuthorizer(
                CustomAuthorizer(name = "attacked-authorizer", tokenKeyName = "token") { req ->
                    allowEverything("attacked", authenticated = req.token == "device-token")
                },
            )
            val config = IotMqttClientConfig {
                endpoint = emulator.endpoint
                port = emulator.port443
                connectionType = ConnectionType.CustomAuth(
                    "attacked-authorizer",
                    tokenKeyName = "token",
                    tokenValue = "device-token",
                )
                trust = TrustMaterial.fromPem(emulator.caCertificatePem)
                clientId = "custom-auth-attacked"
                reconnect = FAST_RECONNECT
            }
            val squatter = PortSquatter(loopback)
            val intruders = CopyOnWriteArrayList<Socket>()
            val client = DefaultIotMqttClient(config, connector = { sink ->
                ConnectionFactory(config, sink) { relay ->
                    val intruder = Socket().apply { connect(InetSocketAddress(loopback, relay.localPort), 5_000) }
                    runCatching {
                        intruder.getOutputStream().apply {
                            write(MqttWire.connect("intruder"))
                            flush()
                        }
                    }
                    intruders += intruder
                    withContext(Dispatchers.IO) { squatter.tryToBind(relay) }
                }
            })
            client.use { c ->
                withTimeout(20.seconds) { c.connect() }
                val event = emulator.awaitEvent(10.seconds) {
                    it is EmulatorEvent.ClientConnected && it.clientId == "custom-auth-attacked"
                }
                (event as EmulatorEvent.ClientConnected).authentication shouldBe "custom-authorizer"
                roundTrip(c, "custom/attacked/echo")
                withContext(Dispatchers.IO) { MqttWire.readAll(intruders.single()) } shouldBe 0
                squatter.boundWhileOpen.get() shouldBe 0
                squatter.accepted.get() shouldBe 0
            }
            squatter.close()
        }

        test(
            "a neighbour that binds the relay's port never receives the device's CONNECT or PUBLISH, across reconnects",
        ) {
            val device = emulator.registerThing("race-port")
            val relays = CopyOnWriteArrayList<AlpnTlsRelay>()
            val squatter = PortSquatter(loopback)
            val connects = AtomicInteger()
            val watch = launch(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                emulator.events.collect {
                    if (it is EmulatorEvent.ClientConnected &&
                        it.clientId == device.thingName
                    ) {
                        connects.incrementAndGet()
                    }
                }
            }
            client(device) { relay ->
                relays += relay
                // the attack: take the listener's one accept, then race to bind its port while HiveMQ connects
                Socket().use { it.connect(InetSocketAddress(loopback, relay.localPort), 5_000) }
                withContext(Dispatchers.IO) { squatter.tryToBind(relay) }
            }.use { c ->
                c.connect()
                eventually(10.seconds, "the broker to see the device") { connects.get() == 1 }
                // two reconnects, each through a new relay; after each, the squatter binds the old relay's free port
                repeat(2) { round ->
                    val before = relays.size
                    emulator.disconnectClient(device.thingName) shouldBe true
                    withTimeout(20.seconds) {
                        c.state.first { it is ConnectionState.Connected && relays.size > before }
                    }
                    eventually(10.seconds, "the broker to see the device again") { connects.get() == round + 2 }
                    val old = relays[before - 1]
                    eventually(10.seconds, "the old relay to close") { old.isClosed }
                    withContext(Dispatchers.IO) { squatter.tryToBind(old) } shouldBe true
                }
                roundTrip(c, "devices/${device.thingName}/echo")
                // never bound while a relay lived, and no device bytes ever reached a squatted port
                squatter.boundWhileOpen.get() shouldBe 0
                squatter.accepted.get() shouldBe 0
            }
            watch.cancel()
            squatter.close()
        }
    })

/** A neighbour that binds ports that were the relay's and plays broker on them (a fake CONNACK to whatever comes). */
private class PortSquatter(private val loopback: InetAddress) : AutoCloseable {
    val boundWhileOpen = AtomicInteger()
    val accepted = AtomicInteger()
    private val listeners = CopyOnWriteArrayList<ServerSocket>()

    /** Tries to bind [relay]'s port for up to half a second; returns whether it did. */
    fun tryToBind(relay: AlpnTlsRelay): Boolean {
        val until = System.nanoTime() + 500_000_000L
        while (System.nanoTime() < until) {
            val server = try {
                ServerSocket(relay.localPort, 50, loopback)
            } catch (_: BindException) {
                Thread.onSpinWait()
                continue
            }
            if (!relay.isClosed) boundWhileOpen.incrementAndGet()
            listeners += server
            Thread({ serve(server) }, "test-squatter").apply { isDaemon = true }.start()
            return true
        }
        return false
    }

    private fun serve(server: ServerSocket) {
        while (!server.isClosed) {
            val s = runCatching { server.accept() }.getOrNull() ?: return
            accepted.incrementAndGet()
            runCatching {
                s.getInputStream().read(ByteArray(4096))
                // a fake CONNACK (MQTT 5 form; MQTT 3.1.1 clients take the first four bytes)
                s.getOutputStream().write(byteArrayOf(0x20, 0x03, 0x00, 0x00, 0x00))
            }
        }
    }

    override fun close() {
        listeners.forEach { runCatching { it.close() } }
    }
}

/** Just enough MQTT 3.1.1 wire format for an intruder. */
private object MqttWire {
    fun connect(clientId: String): ByteArray = packet(0x10) {
        it.write(byteArrayOf(0, 4, 'M'.code.toByte(), 'Q'.code.toByte(), 'T'.code.toByte(), 'T'.code.toByte(), 4, 2))
        it.write(byteArrayOf(0, 60))
        string(it, clientId)
    }

    fun publish(topic: String, payload: String): ByteArray = packet(0x30) {
        string(it, topic)
        it.write(payload.toByteArray())
    }

    /** Reads until the peer closes; returns how many bytes came. */
    fun readAll(socket: Socket): Int {
        socket.soTimeout = 10_000
        var n = 0
        try {
            val buf = ByteArray(1024)
            while (true) {
                val r = socket.getInputStream().read(buf)
                if (r < 0) break
                n += r
            }
        } catch (e: SocketTimeoutException) {
            throw AssertionError("the relay kept the intruder's connection open", e)
        } catch (_: java.io.IOException) {
            // reset: closed
        }
        return n
    }

    private fun string(out: ByteArrayOutputStream, s: String) {
        val b = s.toByteArray()
        out.write(b.size shr 8)
        out.write(b.size and 0xFF)
        out.write(b)
    }

    private fun packet(type: Int, body: (ByteArrayOutputStream) -> Unit): ByteArray {
        val b = ByteArrayOutputStream().also(body).toByteArray()
        return byteArrayOf(type.toByte(), b.size.toByte()) + b
    }
}
