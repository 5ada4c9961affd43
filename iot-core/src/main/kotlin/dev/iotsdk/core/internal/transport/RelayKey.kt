package dev.iotsdk.core.internal.transport

import java.io.ByteArrayOutputStream
import java.io.DataInputStream
import java.io.EOFException
import java.io.InputStream
import java.security.MessageDigest
import java.security.SecureRandom

/**
 * The per-attempt secret that authenticates HiveMQ's end of the ALPN relay's loopback hop: 128 random bits, written
 * as 32 hex digits in front of the MQTT client identifier HiveMQ sends in its CONNECT ([clientId]). The relay forwards
 * a loopback connection only when its first packet is a CONNECT that starts with this key ([admit]), and removes the
 * key before the packet goes on, so the server sees the configured client identifier. Any other process that
 * connects to the relay's port cannot know the key: its bytes never reach the server and it receives none.
 */
internal class RelayKey private constructor(private val key: ByteArray) {
    /** The client identifier HiveMQ must send: the key, then [configured]. */
    fun clientId(configured: String): String = String(key, Charsets.US_ASCII) + configured

    /**
     * Reads the head of the first packet on [input] (fixed header, variable header, client identifier, never more):
     * returns the head to forward instead (the key removed, the lengths adjusted; the rest of the packet follows
     * unchanged), or `null` when the packet is not an MQTT 3.1.1/5 CONNECT carrying this key.
     */
    fun admit(input: InputStream): ByteArray? = try {
        readHead(DataInputStream(input))
    } catch (_: EOFException) {
        null
    } catch (_: Refused) {
        null
    }

    /** The first packet is not what HiveMQ sends with this key. */
    private class Refused : Exception() {
        override fun fillInStackTrace(): Throwable = this
    }

    private fun expect(condition: Boolean) {
        if (!condition) throw Refused()
    }

    private fun readHead(input: DataInputStream): ByteArray {
        expect(input.readUnsignedByte() == CONNECT)
        val remaining = readVarInt(input)
        val header = readVariableHeader(input, remaining)
        val idLength = input.readUnsignedShort()
        expect(idLength >= key.size && header.size + 2 + idLength <= remaining)
        val presented = ByteArray(key.size).also { input.readFully(it) }
        expect(MessageDigest.isEqual(presented, key))
        val rest = ByteArray(idLength - key.size).also { input.readFully(it) }
        val out = ByteArrayOutputStream(header.size + rest.size + FIXED_HEADER_MAX)
        out.write(CONNECT)
        writeVarInt(out, remaining - key.size)
        out.write(header)
        out.write(rest.size ushr 8)
        out.write(rest.size and 0xFF)
        out.write(rest)
        return out.toByteArray()
    }

    /** Protocol name and level (MQTT 3.1.1 or 5), flags, keep alive, and MQTT 5 properties, as read. */
    private fun readVariableHeader(input: DataInputStream, remaining: Int): ByteArray {
        val header = ByteArrayOutputStream()
        val nameLength = input.readUnsignedShort()
        expect(nameLength == PROTOCOL_NAME.size)
        val name = ByteArray(nameLength).also { input.readFully(it) }
        expect(name.contentEquals(PROTOCOL_NAME))
        val level = input.readUnsignedByte()
        expect(level == MQTT_3_1_1 || level == MQTT_5)
        header.write(0)
        header.write(nameLength)
        header.write(name)
        header.write(level)
        header.write(input.readUnsignedByte()) // connect flags
        header.write(input.readUnsignedByte()) // keep alive, high byte
        header.write(input.readUnsignedByte()) // keep alive, low byte
        if (level == MQTT_5) {
            val propertiesLength = readVarInt(input)
            expect(propertiesLength <= remaining)
            writeVarInt(header, propertiesLength)
            header.write(ByteArray(propertiesLength).also { input.readFully(it) })
        }
        return header.toByteArray()
    }

    companion object {
        private const val CONNECT = 0x10
        private const val MQTT_3_1_1 = 4
        private const val MQTT_5 = 5
        private const val KEY_BYTES = 16
        private const val FIXED_HEADER_MAX = 5
        private const val VAR_INT_BYTES = 4
        private val PROTOCOL_NAME = "MQTT".toByteArray(Charsets.US_ASCII)
        private val random = SecureRandom()
        private val hex = "0123456789abcdef".toCharArray()

        /** A fresh key. */
        fun random(): RelayKey {
            val bytes = ByteArray(KEY_BYTES).also { random.nextBytes(it) }
            val text = CharArray(KEY_BYTES * 2) { i ->
                hex[
                    (
                        bytes[i / 2].toInt() shr (
                            if (i % 2 ==
                                0
                            ) {
                                4
                            } else {
                                0
                            }
                            )
                        ) and 0xF,
                ]
            }
            return RelayKey(String(text).toByteArray(Charsets.US_ASCII))
        }

        /** An MQTT variable byte integer (refused when longer than four bytes). */
        private fun readVarInt(input: DataInputStream): Int {
            var value = 0
            var i = 0
            do {
                if (i == VAR_INT_BYTES) throw Refused()
                val b = input.readUnsignedByte()
                value = value or ((b and 0x7F) shl (7 * i))
                i++
            } while (b and 0x80 != 0)
            return value
        }

        private fun writeVarInt(out: ByteArrayOutputStream, value: Int) {
            var v = value
            do {
                var b = v and 0x7F
                v = v ushr 7
                if (v > 0) b = b or 0x80
                out.write(b)
            } while (v > 0)
        }
    }
}
