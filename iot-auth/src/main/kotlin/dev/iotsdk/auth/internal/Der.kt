package dev.iotsdk.auth.internal

import java.io.ByteArrayOutputStream

/** One DER element: its tag byte and its content octets. */
internal class DerElement(val tag: Int, val content: ByteArray) {
    /** The children of a constructed element (SEQUENCE, context-specific constructed tags). */
    fun children(): List<DerElement> = Der.readAll(content)

    /** The dotted form of an OBJECT IDENTIFIER's content. */
    fun oid(): String {
        check(tag == Der.OID) { "not an OBJECT IDENTIFIER" }
        return Der.oidToString(content)
    }

    /** The complete encoding (tag, length, content). */
    fun encoded(): ByteArray = Der.tlv(tag, content)
}

/** A tiny DER reader and writer: just enough to wrap PKCS#1 and SEC1 keys into PKCS#8 and to read OIDs. */
internal object Der {
    const val INTEGER = 0x02
    const val BIT_STRING = 0x03
    const val OCTET_STRING = 0x04
    const val NULL = 0x05
    const val OID = 0x06
    const val SEQUENCE = 0x30
    const val CONTEXT_0 = 0xA0
    const val CONTEXT_1 = 0xA1

    /** Reads the single element that [bytes] must consist of. */
    fun read(bytes: ByteArray): DerElement {
        val all = readAll(bytes)
        if (all.size != 1) throw IllegalArgumentException("expected one DER element, found ${all.size}")
        return all.first()
    }

    /** Reads consecutive elements filling [bytes]. */
    fun readAll(bytes: ByteArray): List<DerElement> {
        val out = mutableListOf<DerElement>()
        var pos = 0
        while (pos < bytes.size) {
            val tag = bytes[pos++].toInt() and 0xff
            if (tag and 0x1f == 0x1f) throw IllegalArgumentException("multi-byte DER tags are not supported")
            if (pos >= bytes.size) throw IllegalArgumentException("truncated DER length")
            var length = bytes[pos++].toInt() and 0xff
            if (length and 0x80 != 0) {
                val n = length and 0x7f
                if (n == 0 || n > 4 || pos + n > bytes.size) throw IllegalArgumentException("bad DER length")
                length = 0
                repeat(n) { length = (length shl 8) or (bytes[pos++].toInt() and 0xff) }
            }
            if (length < 0 ||
                pos + length > bytes.size
            ) {
                throw IllegalArgumentException("DER element overruns its input")
            }
            out += DerElement(tag, bytes.copyOfRange(pos, pos + length))
            pos += length
        }
        return out
    }

    /** Encodes tag, definite length and [content]. */
    fun tlv(tag: Int, content: ByteArray): ByteArray {
        val out = ByteArrayOutputStream(content.size + 6)
        out.write(tag)
        val len = content.size
        when {
            len < 0x80 -> out.write(len)
            len <= 0xff -> {
                out.write(0x81)
                out.write(len)
            }
            len <= 0xffff -> {
                out.write(0x82)
                out.write(len ushr 8)
                out.write(len and 0xff)
            }
            else -> {
                out.write(0x83)
                out.write(len ushr 16)
                out.write((len ushr 8) and 0xff)
                out.write(len and 0xff)
            }
        }
        out.write(content)
        return out.toByteArray()
    }

    fun sequence(vararg encodedChildren: ByteArray): ByteArray =
        tlv(SEQUENCE, encodedChildren.fold(ByteArray(0)) { acc, b -> acc + b })

    fun integer(value: Int): ByteArray = tlv(INTEGER, byteArrayOf(value.toByte()))

    fun octetString(content: ByteArray): ByteArray = tlv(OCTET_STRING, content)

    fun nullValue(): ByteArray = tlv(NULL, ByteArray(0))

    /** Encodes a dotted OID such as `1.2.840.10045.2.1`. */
    fun oid(dotted: String): ByteArray {
        val parts = dotted.split('.').map { it.toLong() }
        val out = ByteArrayOutputStream()
        out.write((parts[0] * 40 + parts[1]).toInt())
        for (p in parts.drop(2)) {
            val groups = mutableListOf<Int>()
            var v = p
            do {
                groups += (v and 0x7f).toInt()
                v = v ushr 7
            } while (v > 0)
            for (i in groups.indices.reversed()) out.write(groups[i] or if (i > 0) 0x80 else 0)
        }
        return tlv(OID, out.toByteArray())
    }

    fun oidToString(content: ByteArray): String {
        if (content.isEmpty()) return ""
        val parts = mutableListOf<Long>()
        var value = 0L
        for (b in content) {
            val v = b.toInt() and 0xff
            value = (value shl 7) or (v and 0x7f).toLong()
            if (v and 0x80 == 0) {
                if (parts.isEmpty()) {
                    val first = if (value < 80) value / 40 else 2
                    parts += first
                    parts += value - first * 40
                } else {
                    parts += value
                }
                value = 0
            }
        }
        return parts.joinToString(".")
    }
}
