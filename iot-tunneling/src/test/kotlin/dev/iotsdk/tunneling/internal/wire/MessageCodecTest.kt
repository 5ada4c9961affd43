package dev.iotsdk.tunneling.internal.wire

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf

/**
 * Byte fixtures worked out by hand from the published schema (Message.proto: field numbers and proto3 types), so the
 * codec is checked against the wire format rather than against itself.
 */
class MessageCodecTest :
    FunSpec({
        fun hex(s: String): ByteArray =
            s.split(' ').filter { it.isNotEmpty() }.map { it.toInt(16).toByte() }.toByteArray()

        test("STREAM_START with service id and connection id matches the fixture") {
            // type=2 (08 02), streamId=1 (10 01), serviceId="ssh1" (2a 04 ...), connectionId=1 (38 01)
            val message = TunnelMessage(MessageType.STREAM_START, streamId = 1, serviceId = "ssh1", connectionId = 1)
            MessageCodec.encode(message) shouldBe hex("08 02 10 01 2a 04 73 73 68 31 38 01")
        }

        test("DATA with a payload and a frame prefix matches the fixture") {
            val message = TunnelMessage(MessageType.DATA, streamId = 300, payload = "hi".toByteArray())
            // streamId 300 = varint ac 02; payload field 4 length-delimited = 22
            Frames.encode(message) shouldBe hex("00 09 08 01 10 ac 02 22 02 68 69")
        }

        test("SERVICE_IDS decodes repeated availableServiceIds") {
            val decoded = MessageCodec.decode(hex("08 05 32 03 73 73 68 32 03 76 6e 63"))
            decoded.type shouldBe MessageType.SERVICE_IDS
            decoded.availableServiceIds shouldBe listOf("ssh", "vnc")
        }

        test("a negative stream id is a 10-byte varint (int32, not zigzag) and round trips") {
            val bytes = MessageCodec.encode(TunnelMessage(MessageType.STREAM_RESET, streamId = -1))
            bytes shouldBe hex("08 03 10 ff ff ff ff ff ff ff ff ff 01")
            MessageCodec.decode(bytes).streamId shouldBe -1
        }

        test("connectionId is uint32: 0xffffffff round trips") {
            val bytes = MessageCodec.encode(TunnelMessage(MessageType.CONNECTION_RESET, 1, connectionId = -1))
            bytes shouldBe hex("08 07 10 01 38 ff ff ff ff 0f")
            MessageCodec.decode(bytes).connectionId shouldBe -1
        }

        test("a field outside the schema is refused, as the service refuses extended messages") {
            val e = shouldThrow<MalformedFrameException> { MessageCodec.decode(hex("08 01 10 01 40 01")) }
            e.message shouldContain "field 8"
        }

        test("a known field with the wrong wire type is refused") {
            shouldThrow<MalformedFrameException> { MessageCodec.decode(hex("08 01 12 01 01")) }
        }

        test("an unknown type number decodes as UNKNOWN with its ignorable flag") {
            val decoded = MessageCodec.decode(hex("08 63 18 01"))
            decoded.type shouldBe MessageType.UNKNOWN
            decoded.ignorable shouldBe true
        }

        test("a payload over 63 KiB is refused") {
            val big = TunnelMessage(MessageType.DATA, 1, payload = ByteArray(TunnelMessage.MAX_PAYLOAD + 1))
            shouldThrow<MalformedFrameException> { MessageCodec.decode(MessageCodec.encode(big)) }
        }

        test("the frame reader splits and joins frames across WebSocket messages and skips a bad one") {
            val a = Frames.encode(TunnelMessage(MessageType.DATA, 1, payload = ByteArray(1000) { it.toByte() }))
            val bad = hex("00 02 40 01")
            val b = Frames.encode(TunnelMessage(MessageType.STREAM_RESET, 1))
            val all = a + bad + b
            val reader = FrameReader()
            val got = reader.feed(all.copyOfRange(0, 1)) + reader.feed(all.copyOfRange(1, 700)) +
                reader.feed(all.copyOfRange(700, all.size))
            got.size shouldBe 3
            got[0].getOrThrow().payload shouldBe ByteArray(1000) { it.toByte() }
            got[1].exceptionOrNull().shouldBeInstanceOf<MalformedFrameException>()
            got[2].getOrThrow().type shouldBe MessageType.STREAM_RESET
        }
    })
