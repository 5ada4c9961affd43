package dev.iotsdk.emulator.internal.tunneling

import java.io.ByteArrayOutputStream

/**
 * The emulator's own reading of tunnel messages (LP-PROTO `Message`, field numbers 1–7), written apart from the SDK's
 * codec so each checks the other. Only what the service enforces is kept: type, stream id, payload size, service id,
 * connection id. Any field outside the schema, a wrong wire type or a truncated field is a [BadTunnelMessage].
 */
internal class WireMessage(
    val type: Int,
    val streamId: Int,
    val payloadSize: Int,
    val serviceId: String,
    val hasConnectionId: Boolean,
    val connectionId: Int,
) {
    companion object {
        const val DATA = 1
        const val STREAM_START = 2
        const val STREAM_RESET = 3
        const val SESSION_RESET = 4
        const val SERVICE_IDS = 5
        const val CONNECTION_START = 6
        const val CONNECTION_RESET = 7
        private const val VARINT = 0
        private const val LENGTH_DELIMITED = 2
        private const val FIELD_SHIFT = 3
        private const val WIRE_MASK = 7
        private const val SEVEN_BITS = 0x7F
        private const val CONTINUE = 0x80
        private const val MAX_VARINT_BYTES = 10
        private const val FIELD_PAYLOAD = 4
        private const val FIELD_SERVICE_ID = 5
        private const val FIELD_AVAILABLE = 6
        private const val FIELD_CONNECTION = 7

        /** Decodes `bytes[from, to)`. */
        @Suppress("CyclomaticComplexMethod")
        fun decode(bytes: ByteArray, from: Int, to: Int): WireMessage {
            var at = from
            fun varint(): Long {
                var result = 0L
                var shift = 0
                repeat(MAX_VARINT_BYTES) {
                    if (at >= to) throw BadTunnelMessage("truncated varint")
                    val b = bytes[at++].toInt()
                    result = result or ((b and SEVEN_BITS).toLong() shl shift)
                    if (b and CONTINUE == 0) return result
                    shift += 7
                }
                throw BadTunnelMessage("varint too long")
            }
            var type = 0
            var stream = 0
            var payload = 0
            var service = ""
            var hasConnection = false
            var connection = 0
            while (at < to) {
                val tag = varint()
                val field = (tag ushr FIELD_SHIFT).toInt()
                val wire = (tag and WIRE_MASK.toLong()).toInt()
                val delimited = field == FIELD_PAYLOAD || field == FIELD_SERVICE_ID || field == FIELD_AVAILABLE
                if (field !in 1..FIELD_CONNECTION) throw BadTunnelMessage("field $field is not in the schema")
                if (wire != if (delimited) LENGTH_DELIMITED else VARINT) {
                    throw BadTunnelMessage("field $field has the wrong wire type")
                }
                if (delimited) {
                    val length = varint()
                    if (length < 0 || length > to - at) throw BadTunnelMessage("field $field overruns the message")
                    if (field == FIELD_PAYLOAD) payload = length.toInt()
                    if (field == FIELD_SERVICE_ID) service = String(bytes, at, length.toInt(), Charsets.UTF_8)
                    at += length.toInt()
                } else {
                    val value = varint()
                    when (field) {
                        1 -> type = value.toInt()
                        2 -> stream = value.toInt()
                        FIELD_CONNECTION -> {
                            hasConnection = true
                            connection = value.toInt()
                        }
                    }
                }
            }
            return WireMessage(type, stream, payload, service, hasConnection, connection)
        }

        /** A framed message of [type] for [streamId] and [serviceId] (the service's own resets and SERVICE_IDS). */
        fun frame(
            type: Int,
            streamId: Int = 0,
            serviceId: String = "",
            available: List<String> = emptyList(),
        ): ByteArray {
            val body = ByteArrayOutputStream()
            fun varint(v: Long) {
                var x = v
                while (x and SEVEN_BITS.toLong().inv() != 0L) {
                    body.write(((x and SEVEN_BITS.toLong()) or CONTINUE.toLong()).toInt())
                    x = x ushr 7
                }
                body.write(x.toInt())
            }
            fun string(field: Int, s: String) {
                val b = s.toByteArray(Charsets.UTF_8)
                varint(((field shl FIELD_SHIFT) or LENGTH_DELIMITED).toLong())
                varint(b.size.toLong())
                body.write(b)
            }
            varint((1 shl FIELD_SHIFT).toLong())
            varint(type.toLong())
            if (streamId != 0) {
                varint((2 shl FIELD_SHIFT).toLong())
                varint(streamId.toLong())
            }
            if (serviceId.isNotEmpty()) string(FIELD_SERVICE_ID, serviceId)
            available.forEach { string(FIELD_AVAILABLE, it) }
            val b = body.toByteArray()
            return byteArrayOf((b.size ushr 8).toByte(), b.size.toByte()) + b
        }
    }
}

/** A tunnel message the service refuses; the text names the rule, never payload bytes. */
internal class BadTunnelMessage(message: String) : Exception(message)
