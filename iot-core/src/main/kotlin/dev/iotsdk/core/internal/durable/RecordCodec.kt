package dev.iotsdk.core.internal.durable

import dev.iotsdk.core.MessageProperties
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.PayloadFormat
import dev.iotsdk.core.Qos
import dev.iotsdk.core.UserProperty
import java.io.ByteArrayOutputStream
import java.io.DataInputStream
import java.io.DataOutputStream
import java.nio.ByteBuffer
import java.util.zip.CRC32
import kotlin.time.Duration.Companion.milliseconds

/**
 * The on-disk form of one stored publish: `[body length: int][CRC-32 of body: int][body]`, the body being the sequence
 * number, the message's QoS/retain flags, topic, MQTT 5 properties and payload. A record whose length runs past the
 * file's end or whose CRC does not match is a torn or corrupt record.
 */
internal object RecordCodec {
    const val HEADER_BYTES = 8
    private const val RETAIN_FLAG = 2
    private const val QOS_MASK = 1

    /** The whole record (header and body) for [message] with sequence number [seq]. */
    fun encode(seq: Long, message: MqttMessage): ByteBuffer {
        val bytes = ByteArrayOutputStream(message.payload.size + message.topic.length + 64)
        DataOutputStream(bytes).use { out ->
            out.writeLong(seq)
            out.writeByte((if (message.retain) RETAIN_FLAG else 0) or (if (message.qos == Qos.AT_LEAST_ONCE) 1 else 0))
            out.writeText(message.topic)
            val p = message.properties
            out.writeLong(p.messageExpiry?.inWholeMilliseconds ?: -1L)
            out.writeText(p.contentType)
            out.writeByte(p.payloadFormat.ordinal)
            out.writeText(p.responseTopic)
            out.writeBlob(p.correlationData)
            out.writeInt(p.userProperties.size)
            p.userProperties.forEach {
                out.writeText(it.name)
                out.writeText(it.value)
            }
            out.writeBlob(message.payload)
        }
        val body = bytes.toByteArray()
        return ByteBuffer.allocate(HEADER_BYTES + body.size).putInt(body.size).putInt(crc(body)).put(body).flipped()
    }

    fun crc(body: ByteArray): Int = CRC32().apply { update(body) }.value.toInt()

    /** The sequence number of a body whose CRC matched. */
    fun seqOf(body: ByteArray): Long = ByteBuffer.wrap(body).getLong(0)

    /** The message of a body whose CRC matched. */
    fun decode(body: ByteArray): MqttMessage = DataInputStream(body.inputStream()).use { input ->
        input.readLong()
        val flags = input.readByte().toInt()
        val topic = input.readText()!!
        val expiry = input.readLong()
        val contentType = input.readText()
        val format = PayloadFormat.entries[input.readByte().toInt()]
        val responseTopic = input.readText()
        val correlation = input.readBlob()
        val users = List(input.readInt()) { UserProperty(input.readText()!!, input.readText()!!) }
        val payload = input.readBlob()!!
        val properties = MessageProperties(
            messageExpiry = if (expiry < 0) null else expiry.milliseconds,
            contentType = contentType,
            payloadFormat = format,
            responseTopic = responseTopic,
            correlationData = correlation,
            userProperties = users,
        )
        MqttMessage(
            topic,
            payload,
            if (flags and QOS_MASK != 0) Qos.AT_LEAST_ONCE else Qos.AT_MOST_ONCE,
            flags and RETAIN_FLAG != 0,
            properties,
        )
    }

    private fun DataOutputStream.writeBlob(bytes: ByteArray?) {
        if (bytes == null) {
            writeInt(-1)
        } else {
            writeInt(bytes.size)
            write(bytes)
        }
    }

    private fun DataOutputStream.writeText(text: String?) = writeBlob(text?.toByteArray(Charsets.UTF_8))

    private fun DataInputStream.readBlob(): ByteArray? {
        val size = readInt()
        if (size < 0) return null
        return ByteArray(size).also { readFully(it) }
    }

    private fun DataInputStream.readText(): String? = readBlob()?.toString(Charsets.UTF_8)
}
