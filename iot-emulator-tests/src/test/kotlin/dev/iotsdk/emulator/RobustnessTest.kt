package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttClient
import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.net.Socket
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger

private fun rawSubscribe(socket: Socket, topic: String) {
    val body = ByteArrayOutputStream()
    body.write(0)
    body.write(1)
    val t = topic.toByteArray()
    body.write(t.size shr 8)
    body.write(t.size and 0xff)
    body.write(t)
    body.write(0)
    socket.getOutputStream().write(byteArrayOf(0x82.toByte(), body.size().toByte()) + body.toByteArray())
    socket.getOutputStream().flush()
    val suback = ByteArray(5)
    var n = 0
    while (n < 5) n += socket.getInputStream().read(suback, n, 5 - n).also { check(it > 0) }
    suback[0] shouldBe 0x90.toByte()
}

class RobustnessTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        test("200 clients at once; one killed mid-stream; the others keep receiving") {
            val count = 199
            val received = ConcurrentHashMap<String, AtomicInteger>()
            val messages = 10
            val allDone = CountDownLatch(count)
            val clients = (1..count).map { i ->
                val id = "load-$i"
                val c: Mqtt3AsyncClient = MqttClient.builder().useMqttVersion3().identifier(
                    id,
                ).serverHost("localhost").serverPort(emu.plainPort!!).buildAsync()
                c to id
            }
            clients.map { (c, _) -> c.connect() }.forEach { it.get(30, TimeUnit.SECONDS) }
            clients.map { (c, id) ->
                c.subscribeWith().topicFilter("load/stream").qos(MqttQos.AT_LEAST_ONCE).callback {
                    if (received.computeIfAbsent(id) { AtomicInteger() }.incrementAndGet() ==
                        messages
                    ) {
                        allDone.countDown()
                    }
                }.send()
            }.forEach { it.get(30, TimeUnit.SECONDS) }
            // the 200th client speaks raw MQTT so its socket can be cut abruptly
            val victim = Socket("localhost", emu.plainPort!!)
            RawMqtt.connectAndReadConnack(victim.getInputStream(), victim.getOutputStream(), "load-victim") shouldBe 0
            rawSubscribe(victim, "load/stream")
            emu.connectedClients().size shouldBe 200
            val publisher = plain5(emu, "load-publisher")
            publisher.connect()
            repeat(messages) { n ->
                if (n == messages / 2) {
                    victim.setSoLinger(true, 0)
                    victim.close()
                }
                publisher.publishWith().topic(
                    "load/stream",
                ).qos(MqttQos.AT_LEAST_ONCE).payload("m$n".toByteArray()).send()
            }
            allDone.await(60, TimeUnit.SECONDS) shouldBe true
            received.values.all { it.get() == messages } shouldBe true
            emu.awaitEvent {
                it is EmulatorEvent.ClientDisconnected &&
                    it.clientId == "load-victim" &&
                    it.reason == "CONNECTION_LOST"
            }
            clients.map { (c, _) -> c.disconnect() }.forEach { it.get(30, TimeUnit.SECONDS) }
            publisher.disconnect()
        }

        test("garbage bytes on every port close only that connection") {
            val device = emu.registerThing("garbage-survivor")
            val survivor = mqtt5(emu, "garbage-survivor", device)
            survivor.connect()
            val publishes = survivor.publishes(MqttGlobalPublishFilter.ALL)
            survivor.subscribeWith().topicFilter("survivor/ping").qos(MqttQos.AT_LEAST_ONCE).send()
            val garbage = ByteArray(4096) { (it * 31 + 7).toByte() }
            for (port in listOf(emu.plainPort!!, emu.mqttPort, emu.port443)) {
                Socket("localhost", port).use { s ->
                    s.soTimeout = 10_000
                    s.getOutputStream().write(garbage)
                    s.getOutputStream().flush()
                    runCatching { while (s.getInputStream().read() >= 0) Unit }
                }
            }
            // TLS fine, then garbage instead of MQTT / HTTP
            for (alpn in listOf("mqtt", "x-amzn-mqtt-ca", "http/1.1")) {
                val identity = if (alpn == "x-amzn-mqtt-ca") device.certificatePem to device.privateKeyPem else null
                Tls.socket(emu, emu.port443, listOf(alpn), identity).use { s ->
                    s.outputStream.write(byteArrayOf(0x10, 0x7f, 1, 2, 3, 4, 5, 6, 7, 8) + garbage)
                    s.outputStream.flush()
                    runCatching { while (s.inputStream.read() >= 0) Unit }
                }
            }
            Tls.socket(emu, emu.mqttPort, emptyList(), device.certificatePem to device.privateKeyPem).use { s ->
                s.outputStream.write(garbage)
                runCatching { while (s.inputStream.read() >= 0) Unit }
            }
            survivor.state.isConnected shouldBe true
            val pub = plain5(emu, "garbage-publisher")
            pub.connect()
            pub.publishWith().topic(
                "survivor/ping",
            ).qos(MqttQos.AT_LEAST_ONCE).payload("still here".toByteArray()).send()
            String(publishes.receive(10, TimeUnit.SECONDS).get().payloadAsBytes) shouldBe "still here"
            pub.disconnect()
            survivor.disconnect()
        }
    })
