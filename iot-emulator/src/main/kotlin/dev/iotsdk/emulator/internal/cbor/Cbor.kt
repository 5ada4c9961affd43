package dev.iotsdk.emulator.internal.cbor

import java.io.ByteArrayOutputStream

/**
 * The emulator's own CBOR (RFC 8949) reader and writer, independent of the SDK's (kotlinx.serialization's) so each
 * checks the other. Values: `Long`, `Double`, `Boolean`, `null`, `String`, `ByteArray`, `List<Any?>` and
 * `Map<Any?, Any?>`; tags are read through (their content kept). Reading accepts definite and indefinite lengths and
 * refuses (with [CborException]) truncated input, lengths beyond the input, nesting deeper than 64 and trailing bytes;
 * writing uses definite lengths and the shortest integer heads, as AWS's embedded libraries (tinycbor) do.
 */
internal object Cbor {
    private const val MAX_DEPTH = 64
    private const val BREAK = 0xff
    private const val INDEFINITE = 31

    fun decode(bytes: ByteArray): Any? {
        val reader = Reader(bytes)
        val value = reader.value(0)
        if (reader.position != bytes.size) throw CborException("trailing bytes after the CBOR item")
        return value
    }

    fun encode(value: Any?): ByteArray = ByteArrayOutputStream().also { write(it, value) }.toByteArray()

    private class Reader(val bytes: ByteArray) {
        var position = 0

        fun byte(): Int {
            if (position >= bytes.size) throw CborException("truncated CBOR")
            return bytes[position++].toInt() and 0xff
        }

        fun argument(info: Int): Long = when {
            info < 24 -> info.toLong()
            info == 24 -> byte().toLong()
            info == 25 -> (byte().toLong() shl 8) or byte().toLong()
            info == 26 -> (0 until 4).fold(0L) { acc, _ -> (acc shl 8) or byte().toLong() }
            info == 27 -> (0 until 8).fold(0L) { acc, _ -> (acc shl 8) or byte().toLong() }
            else -> throw CborException("invalid CBOR additional information $info")
        }

        fun length(info: Int): Int {
            val n = argument(info)
            if (n < 0 || n > bytes.size - position) throw CborException("a CBOR length runs past the end of the input")
            return n.toInt()
        }

        fun value(depth: Int): Any? {
            if (depth > MAX_DEPTH) throw CborException("CBOR nested too deeply")
            val head = byte()
            val info = head and 0x1f
            return when (head shr 5) {
                0, 1 -> integer(head shr 5, argument(info))
                2 -> byteString(info, 2)
                3 -> byteString(info, 3).let { text(it, 0, it.size) }
                4 -> array(info, depth)
                5 -> map(info, depth)
                6 -> argument(info).let { value(depth + 1) }
                else -> simple(info)
            }
        }

        fun integer(major: Int, argument: Long): Long {
            if (argument < 0) throw CborException("integer out of range")
            return if (major == 0) argument else -1 - argument
        }

        fun byteString(info: Int, major: Int): ByteArray {
            if (info == INDEFINITE) return chunks(major)
            val n = length(info)
            return bytes.copyOfRange(position, position + n).also { position += n }
        }

        fun array(info: Int, depth: Int): List<Any?> {
            if (info != INDEFINITE) return List(length(info)) { value(depth + 1) }
            val items = ArrayList<Any?>()
            while (!peekBreak()) items += value(depth + 1)
            position++
            return items
        }

        fun map(info: Int, depth: Int): Map<Any?, Any?> {
            val map = LinkedHashMap<Any?, Any?>()
            if (info == INDEFINITE) {
                while (!peekBreak()) map[value(depth + 1)] = value(depth + 1)
                position++
            } else {
                repeat(length(info)) { map[value(depth + 1)] = value(depth + 1) }
            }
            return map
        }

        fun peekBreak(): Boolean {
            if (position >= bytes.size) throw CborException("truncated CBOR")
            return (bytes[position].toInt() and 0xff) == BREAK
        }

        fun chunks(major: Int): ByteArray {
            val out = ByteArrayOutputStream()
            while (!peekBreak()) {
                val head = byte()
                if (head shr 5 != major ||
                    (head and 0x1f) == INDEFINITE
                ) {
                    throw CborException("invalid indefinite-length chunk")
                }
                val n = length(head and 0x1f)
                out.write(bytes, position, n)
                position += n
            }
            position++
            return out.toByteArray()
        }

        fun text(source: ByteArray, from: Int, n: Int): String {
            val decoder = Charsets.UTF_8.newDecoder()
            return try {
                decoder.decode(java.nio.ByteBuffer.wrap(source, from, n)).toString()
            } catch (e: java.nio.charset.CharacterCodingException) {
                throw CborException("a CBOR text string is not valid UTF-8", e)
            }
        }

        fun simple(info: Int): Any? = when (info) {
            20 -> false
            21 -> true
            22, 23 -> null
            25 -> halfFloat(argument(info).toInt())
            26 -> Float.fromBits(argument(info).toInt()).toDouble()
            27 -> Double.fromBits(argument(info))
            else -> throw CborException("unsupported CBOR simple value $info")
        }

        fun halfFloat(bits: Int): Double {
            val exponent = (bits shr 10) and 0x1f
            val mantissa = bits and 0x3ff
            val magnitude = when (exponent) {
                0 -> mantissa * Math.pow(2.0, -24.0)
                31 -> if (mantissa == 0) Double.POSITIVE_INFINITY else Double.NaN
                else -> (mantissa + 1024) * Math.pow(2.0, exponent - 25.0)
            }
            return if (bits and 0x8000 != 0) -magnitude else magnitude
        }
    }

    private fun head(out: ByteArrayOutputStream, major: Int, value: Long) {
        val m = major shl 5
        val width = when {
            value < 24 -> 0
            value < 0x100 -> 1
            value < 0x10000 -> 2
            value < 0x100000000L -> 4
            else -> 8
        }
        out.write(m or if (width == 0) value.toInt() else 24 + Integer.numberOfTrailingZeros(width))
        bigEndian(out, value, width)
    }

    private fun bigEndian(out: ByteArrayOutputStream, value: Long, width: Int) {
        for (i in width - 1 downTo 0) out.write((value shr (8 * i)).toInt() and 0xff)
    }

    private fun write(out: ByteArrayOutputStream, value: Any?) {
        when (value) {
            null, is Boolean, is Int, is Long -> scalar(out, value)
            is Double -> {
                out.write(0xfb)
                bigEndian(out, value.toRawBits(), Long.SIZE_BYTES)
            }
            is ByteArray -> {
                head(out, 2, value.size.toLong())
                out.write(value)
            }
            is String -> write(out, 3, value.encodeToByteArray())
            is List<*> -> {
                head(out, 4, value.size.toLong())
                value.forEach { write(out, it) }
            }
            is Map<*, *> -> {
                head(out, 5, value.size.toLong())
                value.forEach { (k, v) ->
                    write(out, k)
                    write(out, v)
                }
            }
            else -> throw IllegalArgumentException("no CBOR form for ${value.javaClass.simpleName}")
        }
    }

    private fun scalar(out: ByteArrayOutputStream, value: Any?) {
        when (value) {
            null -> out.write(0xf6)
            is Boolean -> out.write(if (value) 0xf5 else 0xf4)
            is Int -> scalar(out, value.toLong())
            is Long -> if (value >= 0) head(out, 0, value) else head(out, 1, -1 - value)
        }
    }

    private fun write(out: ByteArrayOutputStream, major: Int, bytes: ByteArray) {
        head(out, major, bytes.size.toLong())
        out.write(bytes)
    }
}

/** Input that is not well-formed CBOR. */
internal class CborException(message: String, cause: Throwable? = null) : Exception(message, cause)
