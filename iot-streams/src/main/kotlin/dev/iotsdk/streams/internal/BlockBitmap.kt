package dev.iotsdk.streams.internal

/**
 * AWS's GetStream block bitmap (spec/streams.md section 4): bit k (byte k / 8, least significant bit first) set asks
 * for block `offset + k`. JSON carries it as `"0x"` and two hex digits per byte in order; CBOR as a byte string.
 */
internal object BlockBitmap {
    fun encode(offset: Int, blockIds: Set<Int>): ByteArray {
        val bytes = ByteArray((blockIds.max() - offset) / Byte.SIZE_BITS + 1)
        for (id in blockIds) {
            val bit = id - offset
            val index = bit / Byte.SIZE_BITS
            bytes[index] = (bytes[index].toInt() or (1 shl (bit % Byte.SIZE_BITS))).toByte()
        }
        return bytes
    }

    fun toHex(bitmap: ByteArray): String = buildString(2 + bitmap.size * 2) {
        append("0x")
        bitmap.forEach { append(HEX[(it.toInt() shr 4) and 0xF]).append(HEX[it.toInt() and 0xF]) }
    }

    private const val HEX = "0123456789abcdef"
}
