package dev.iotsdk.emulator

import com.hivemq.client.mqtt.datatypes.MqttQos
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.ByteArrayOutputStream
import java.io.DataInputStream
import java.io.EOFException
import java.io.InputStream
import java.net.Socket
import kotlin.concurrent.thread

/**
 * The MQTT 5 CONNACK advertises AWS IoT's values, and the broker enforces what it advertises.
 *
 * AWS source: spec/connect.md §6.5 (DG:mqtt "MQTT 5 properties": Maximum QoS 1, Retain Available 1, Wildcard
 * Subscription Available 1, Subscription Identifier Available 0, Topic Alias Maximum 8 as AWS IoT sends it
 * (`awslabs/aws-crt-java` issue #618), Maximum Packet Size consistent with the 128 KB payload limit, §6.1). The
 * exact Maximum Packet Size AWS sends is not documented: the emulator's is 128 KiB + 16 KiB for topic and
 * properties (BrokerLimits.MAX_PACKET_BYTES).
 */
class ConnackPropertiesTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        test("CONNACK: Maximum Packet Size 147456, Topic Alias Maximum 8, Maximum QoS 1, no subscription ids") {
            val client = plain5(emu, "connack-props")
            val restrictions = client.connect().restrictions
            restrictions.maximumPacketSize shouldBe 128 * 1024 + 16 * 1024
            restrictions.topicAliasMaximum shouldBe 8
            restrictions.maximumQos shouldBe MqttQos.AT_LEAST_ONCE
            restrictions.isRetainAvailable shouldBe true
            restrictions.isWildcardSubscriptionAvailable shouldBe true
            restrictions.areSubscriptionIdentifiersAvailable() shouldBe false
            restrictions.isSharedSubscriptionAvailable shouldBe true
            client.disconnect()
        }

        /** Connects [clientId] on a raw socket, sends [packet] and returns the DISCONNECT reason that follows. */
        fun disconnectAfter(clientId: String, packet: ByteArray): Int = Socket("127.0.0.1", emu.plainPort!!).use { s ->
            s.soTimeout = 10_000
            RawMqtt.connectAndReadConnackV5(s, clientId)
            // written beside the read: the broker may answer and close before it has taken the whole packet, and
            // the write then fails with a broken pipe while the DISCONNECT is already on its way
            val writer = thread(name = "oversized-writer") {
                runCatching {
                    s.getOutputStream().write(packet)
                    s.getOutputStream().flush()
                }
            }
            val reason = disconnectReason(s.getInputStream())
            writer.join(10_000)
            reason
        }

        test("a packet above the advertised Maximum Packet Size ends the connection (DISCONNECT 0x95)") {
            disconnectAfter("too-big-packet", publishV5("big/packet", ByteArray(128 * 1024 + 16 * 1024), null)) shouldBe
                0x95
        }

        test("a topic alias above the advertised maximum ends the connection (DISCONNECT 0x94)") {
            disconnectAfter("alias-nine", publishV5("alias/topic", "x".toByteArray(), alias = 9)) shouldBe 0x94
        }

        test("a topic alias within the maximum is accepted") {
            Socket("127.0.0.1", emu.plainPort!!).use { s ->
                s.soTimeout = 10_000
                RawMqtt.connectAndReadConnackV5(s, "alias-eight")
                s.getOutputStream().write(publishV5("alias/ok", "x".toByteArray(), alias = 8, packetId = 7))
                s.getOutputStream().flush()
                val input = DataInputStream(s.getInputStream())
                input.readUnsignedByte() shouldBe 0x40 // PUBACK
            }
            emu.awaitEvent { it is EmulatorEvent.MessagePublished && it.topic == "alias/ok" }
        }
    })

/** CONNECT (MQTT 5) on a raw socket; fails unless CONNACK reason 0. */
private fun RawMqtt.connectAndReadConnackV5(s: Socket, clientId: String) {
    connectAndReadConnack(s.getInputStream(), s.getOutputStream(), clientId, version = 5) shouldBe 0
}

/** A QoS 1 PUBLISH (MQTT 5) with an optional Topic Alias property. */
private fun publishV5(topic: String, payload: ByteArray, alias: Int?, packetId: Int = 1): ByteArray {
    val body = ByteArrayOutputStream()
    val t = topic.toByteArray()
    body.write(t.size shr 8)
    body.write(t.size and 0xff)
    body.write(t)
    body.write(packetId shr 8)
    body.write(packetId and 0xff)
    if (alias == null) {
        body.write(0)
    } else {
        body.write(3)
        body.write(0x23)
        body.write(alias shr 8)
        body.write(alias and 0xff)
    }
    body.write(payload)
    val out = ByteArrayOutputStream()
    out.write(0x32)
    var len = body.size()
    do {
        var d = len % 128
        len /= 128
        if (len > 0) d = d or 0x80
        out.write(d)
    } while (len > 0)
    out.write(body.toByteArray())
    return out.toByteArray()
}

/** Reads packets until a DISCONNECT and returns its reason code (-1 if the connection closed without one). */
private fun disconnectReason(input: InputStream): Int {
    val data = DataInputStream(input)
    while (true) {
        val type = try {
            data.readUnsignedByte()
        } catch (e: EOFException) {
            return -1
        }
        val len = RawMqtt.readRemainingLength(data)
        val bytes = ByteArray(len).also { data.readFully(it) }
        if (type == 0xE0) return if (len == 0) 0 else bytes[0].toInt() and 0xff
    }
}
