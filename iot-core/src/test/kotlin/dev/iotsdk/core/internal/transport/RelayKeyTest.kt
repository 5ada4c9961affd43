package dev.iotsdk.core.internal.transport

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream

class RelayKeyTest :
    FunSpec({
        /** A CONNECT: MQTT [level], [clientId], MQTT 5 [properties], then [tail] (will, username, password). */
        fun connect(
            level: Int,
            clientId: String,
            properties: ByteArray = ByteArray(0),
            tail: ByteArray = ByteArray(0),
        ) = ByteArrayOutputStream().run {
            write(byteArrayOf(0, 4) + "MQTT".toByteArray() + byteArrayOf(level.toByte(), 0xC6.toByte(), 0, 60))
            if (level == 5) {
                write(properties.size)
                write(properties)
            }
            val id = clientId.toByteArray()
            write(id.size shr 8)
            write(id.size and 0xFF)
            write(id)
            write(tail)
            val body = toByteArray()
            val out = ByteArrayOutputStream()
            out.write(0x10)
            var n = body.size
            do {
                out.write((n and 0x7F) or (if (n > 0x7F) 0x80 else 0))
                n = n ushr 7
            } while (n > 0)
            out.write(body)
            out.toByteArray()
        }

        val tail = ByteArray(300) { (it % 251).toByte() } // a will and credentials: long enough for a 2-byte length

        test(
            "a CONNECT carrying the key is admitted and forwarded exactly as if HiveMQ had sent the plain identifier",
        ) {
            val key = RelayKey.random()
            for (level in listOf(4, 5)) {
                val props = if (level == 5) byteArrayOf(0x11, 0, 0, 0, 60, 0x21, 0, 10) else ByteArray(0)
                val sent = ByteArrayInputStream(connect(level, key.clientId("thing-1"), props, tail))
                val head = key.admit(sent)
                head shouldNotBe null
                (head!! + sent.readBytes()).toList() shouldBe connect(level, "thing-1", props, tail).toList()
            }
        }

        test("an empty configured identifier (the broker assigns one) stays empty") {
            val key = RelayKey.random()
            val sent = ByteArrayInputStream(connect(5, key.clientId("")))
            (key.admit(sent)!! + sent.readBytes()).toList() shouldBe connect(5, "").toList()
        }

        test("anything else is refused: another attempt's key, no key, a PUBLISH first, a truncated packet") {
            val key = RelayKey.random()
            key.admit(ByteArrayInputStream(connect(5, RelayKey.random().clientId("thing-1")))) shouldBe null
            key.admit(ByteArrayInputStream(connect(5, "thing-1"))) shouldBe null
            key.admit(ByteArrayInputStream(connect(4, "intruder-with-a-long-client-identifier-xx"))) shouldBe null
            key.admit(
                ByteArrayInputStream(byteArrayOf(0x30, 5, 0, 1, 't'.code.toByte(), 'x'.code.toByte(), 1)),
            ) shouldBe
                null
            val whole = connect(5, key.clientId("thing-1"))
            key.admit(ByteArrayInputStream(whole.copyOf(whole.size - 3))) shouldBe null
            key.admit(ByteArrayInputStream(connect(3, key.clientId("thing-1")))) shouldBe null
        }
    })
