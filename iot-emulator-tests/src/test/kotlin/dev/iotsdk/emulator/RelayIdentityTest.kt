package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import java.io.BufferedReader
import java.io.IOException
import java.io.InputStreamReader
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.Socket
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLSocket

/**
 * Issue 20 item 3. AWS IoT authenticates each connection by what it presents on that connection (its TLS client
 * certificate, SigV4 signature or custom-authorizer token: DG "Client authentication", spec/connect.md §2–4); no
 * other connection, port number or local process can lend it an identity. The emulator relays MQTT to internal
 * listeners: a neighbour that reaches them directly, with a victim's port number, is a stranger.
 */
class RelayIdentityTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        test("a local process reusing a victim's relay port on the internal MQTT listener is refused, not the victim") {
            val device = emu.registerThing("relay-victim")
            val victim = mqtt5(emu, "relay-victim", device).also { it.connect() }
            val relayed = emu.runtime.table.relays.entries.single {
                it.value.attributes.certificateId ==
                    device.certificateId
            }
            val victimPort = relayed.key.port
            val attempts = listOf(
                // another loopback address with the victim's relay port
                InetSocketAddress(InetAddress.getByName("127.0.0.2"), victimPort),
                // whatever port the system gives
                InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            )
            for ((n, local) in attempts.withIndex()) {
                val code = try {
                    Socket().use { s ->
                        s.soTimeout = 10_000
                        s.bind(local)
                        s.connect(InetSocketAddress(InetAddress.getLoopbackAddress(), emu.runtime.broker.tcpPort))
                        RawMqtt.connectAndReadConnack(s.getInputStream(), s.getOutputStream(), "relay-attacker-$n")
                    }
                } catch (e: IOException) {
                    -1
                }
                withClue("attack from $local") { code shouldNotBe 0 }
                emu.awaitEvent {
                    it is EmulatorEvent.ConnectionRefused &&
                        it.clientId == "relay-attacker-$n" &&
                        it.reason == "connection not known to the front door"
                }
            }
            emu.connectedClients().none { it.startsWith("relay-attacker") } shouldBe true
            // the victim is still connected and served
            val inbox = victim.publishes(MqttGlobalPublishFilter.ALL)
            victim.subscribeWith().topicFilter("relay/victim").qos(MqttQos.AT_LEAST_ONCE).send()
            emu.publish("relay/victim", "still yours".toByteArray(), 1, false)
            String(inbox.receive(10, TimeUnit.SECONDS).get().payloadAsBytes) shouldBe "still yours"
            victim.disconnect()
        }

        test("under many short connections an unsigned HTTPS request is never served as a certificate holder") {
            val device = emu.registerThing("relay-http-victim")
            emu.updateShadow("relay-http-victim", null, """{"state":{"reported":{"secret":7}}}""")
            val anonymous = Tls.context(emu.caCertificatePem, null)
            val holder = Tls.context(emu.caCertificatePem, device.certificatePem to device.privateKeyPem)

            /** The status of a GET of the victim's shadow on a connection of its own. */
            fun get(context: SSLContext, port: Int): Int =
                (context.socketFactory.createSocket("localhost", port) as SSLSocket).use { s ->
                    s.soTimeout = 30_000
                    s.outputStream.write(
                        "GET /things/relay-http-victim/shadow HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .toByteArray(),
                    )
                    s.outputStream.flush()
                    BufferedReader(InputStreamReader(s.inputStream)).readLine().split(' ')[1].toInt()
                }
            val pool = Executors.newFixedThreadPool(16)
            try {
                val calls = (1..600).map { n ->
                    Callable {
                        if (n % 2 ==
                            0
                        ) {
                            "anonymous" to get(anonymous, emu.port443)
                        } else {
                            "holder" to get(holder, emu.port8443)
                        }
                    }
                }
                val results = pool.invokeAll(calls).map { it.get(60, TimeUnit.SECONDS) }
                results.filter { it.first == "anonymous" }.map { it.second }.toSet() shouldBe setOf(403)
                results.filter { it.first == "holder" }.map { it.second }.toSet() shouldBe setOf(200)
            } finally {
                pool.shutdownNow()
            }
        }
    })
