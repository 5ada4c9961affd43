package dev.iotsdk.tunneling.internal.wire

/**
 * Tunnel frames: a 2-byte unsigned big-endian length, then that many bytes of a protobuf [TunnelMessage]. Frames are
 * independent of WebSocket frames: one WebSocket message may carry several tunnel frames or part of one.
 */
internal object Frames {
    /** The largest encoded message a frame can carry (the 2-byte length). */
    const val MAX_MESSAGE: Int = 0xFFFF

    /** [message] as one frame. */
    fun encode(message: TunnelMessage): ByteArray {
        val body = MessageCodec.encode(message)
        require(body.size <= MAX_MESSAGE) { "a tunnel message of ${body.size} bytes does not fit a frame" }
        val frame = ByteArray(body.size + 2)
        frame[0] = (body.size ushr BYTE).toByte()
        frame[1] = body.size.toByte()
        body.copyInto(frame, 2)
        return frame
    }

    private const val BYTE = 8
}

/**
 * Cuts a byte stream (the concatenated WebSocket payloads of one connection) into tunnel messages. Holds at most one
 * partial frame (under 64 KiB). Not thread-safe: one per WebSocket connection.
 */
internal class FrameReader {
    private var buffer = ByteArray(INITIAL)
    private var size = 0

    /**
     * Appends [bytes] and returns the messages now complete, in order. A frame whose message breaks the schema
     * ([MalformedFrameException]) is skipped: its length is known, so the stream stays in step, and the error is
     * returned in place of the message for the caller to act on.
     */
    fun feed(bytes: ByteArray): List<Result<TunnelMessage>> {
        ensure(size + bytes.size)
        bytes.copyInto(buffer, size)
        size += bytes.size
        val out = ArrayList<Result<TunnelMessage>>()
        var at = 0
        while (size - at >= 2) {
            val length = ((buffer[at].toInt() and BYTE_MASK) shl BYTE) or (buffer[at + 1].toInt() and BYTE_MASK)
            if (size - at - 2 < length) break
            out += runCatching { MessageCodec.decode(buffer, at + 2, length) }.onFailure {
                if (it !is MalformedFrameException) throw it
            }
            at += 2 + length
        }
        buffer.copyInto(buffer, 0, at, size)
        size -= at
        return out
    }

    private fun ensure(capacity: Int) {
        if (capacity > buffer.size) buffer = buffer.copyOf(maxOf(capacity, buffer.size * 2))
    }

    private companion object {
        const val INITIAL = 4096
        const val BYTE = 8
        const val BYTE_MASK = 0xFF
    }
}
