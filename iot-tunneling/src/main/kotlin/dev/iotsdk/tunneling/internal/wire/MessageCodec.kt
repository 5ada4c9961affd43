package dev.iotsdk.tunneling.internal.wire

import com.google.protobuf.CodedInputStream
import com.google.protobuf.CodedOutputStream
import com.google.protobuf.InvalidProtocolBufferException
import com.google.protobuf.WireFormat

/**
 * Encodes and decodes [TunnelMessage] with the official protobuf runtime's wire codec ([CodedOutputStream],
 * [CodedInputStream]) against the published schema. Decoding is strict as AWS's service is: a field the schema does
 * not have, a known field with the wrong wire type, or a payload over [TunnelMessage.MAX_PAYLOAD] is a
 * [MalformedFrameException]; an unknown type number is kept as [MessageType.UNKNOWN] with its `ignorable` flag, so
 * the caller applies the protocol's "ignorable" rule.
 */
internal object MessageCodec {
    private const val TYPE = 1
    private const val STREAM_ID = 2
    private const val IGNORABLE = 3
    private const val PAYLOAD = 4
    private const val SERVICE_ID = 5
    private const val AVAILABLE_SERVICE_IDS = 6
    private const val CONNECTION_ID = 7

    /** The protobuf bytes of [message], fields in number order, zero values left out (proto3). */
    fun encode(message: TunnelMessage): ByteArray {
        val out = java.io.ByteArrayOutputStream(message.payload.size + HEADER_ROOM)
        val coded = CodedOutputStream.newInstance(out)
        if (message.type.number != 0) coded.writeEnum(TYPE, message.type.number)
        if (message.streamId != 0) coded.writeInt32(STREAM_ID, message.streamId)
        if (message.ignorable) coded.writeBool(IGNORABLE, true)
        if (message.payload.isNotEmpty()) coded.writeByteArray(PAYLOAD, message.payload)
        if (message.serviceId.isNotEmpty()) coded.writeString(SERVICE_ID, message.serviceId)
        message.availableServiceIds.forEach { coded.writeString(AVAILABLE_SERVICE_IDS, it) }
        if (message.connectionId != 0) coded.writeUInt32(CONNECTION_ID, message.connectionId)
        coded.flush()
        return out.toByteArray()
    }

    /** Decodes one message from [bytes]; throws [MalformedFrameException] on anything the schema does not allow. */
    fun decode(bytes: ByteArray, offset: Int = 0, length: Int = bytes.size): TunnelMessage = try {
        read(CodedInputStream.newInstance(bytes, offset, length))
    } catch (e: InvalidProtocolBufferException) {
        throw MalformedFrameException("not a tunnel message: ${e.message}", e)
    }

    @Suppress("CyclomaticComplexMethod")
    private fun read(input: CodedInputStream): TunnelMessage {
        var type = 0
        var streamId = 0
        var ignorable = false
        var payload = TunnelMessage.EMPTY
        var serviceId = ""
        val services = ArrayList<String>()
        var connectionId = 0
        while (true) {
            val tag = input.readTag()
            if (tag == 0) break
            val field = WireFormat.getTagFieldNumber(tag)
            val wire = WireFormat.getTagWireType(tag)
            val expected = when (field) {
                TYPE, STREAM_ID, IGNORABLE, CONNECTION_ID -> WireFormat.WIRETYPE_VARINT
                PAYLOAD, SERVICE_ID, AVAILABLE_SERVICE_IDS -> WireFormat.WIRETYPE_LENGTH_DELIMITED
                else -> throw MalformedFrameException("field $field is not in the tunnel message schema")
            }
            if (wire != expected) throw MalformedFrameException("field $field has wire type $wire, not $expected")
            when (field) {
                TYPE -> type = input.readEnum()
                STREAM_ID -> streamId = input.readInt32()
                IGNORABLE -> ignorable = input.readBool()
                PAYLOAD -> {
                    val size = input.readRawVarint32()
                    if (size < 0 || size > TunnelMessage.MAX_PAYLOAD) {
                        throw MalformedFrameException("payload of $size bytes exceeds ${TunnelMessage.MAX_PAYLOAD}")
                    }
                    payload = input.readRawBytes(size)
                }
                SERVICE_ID -> serviceId = input.readStringRequireUtf8()
                AVAILABLE_SERVICE_IDS -> services += input.readStringRequireUtf8()
                else -> connectionId = input.readUInt32()
            }
        }
        return TunnelMessage(
            MessageType.of(type) ?: MessageType.UNKNOWN,
            streamId,
            ignorable,
            payload,
            serviceId,
            services,
            connectionId,
        )
    }

    private const val HEADER_ROOM = 64
}

/** A tunnel frame or message that breaks the protocol; the text names the rule, never the payload. */
internal class MalformedFrameException(message: String, cause: Throwable? = null) : Exception(message, cause)
