package dev.iotsdk.streams

import dev.iotsdk.streams.internal.BlockBitmap
import dev.iotsdk.streams.internal.StreamLimits

/**
 * A GetStream request (`…/get/<format>`): blocks of [blockSize] bytes of file [fileId], from block [offset], either
 * the next [count] blocks or the blocks [blockIds] names (sent as AWS's block bitmap `b`).
 *
 * AWS's limits are checked here, before anything is sent: block size 256-131,072 bytes, offset and count
 * 0-98,304, a bitmap under 12,288 bytes, a client token of at most 64 bytes. The service answers at most 128 KiB of
 * block data per request ([maxBlocksPerRequest]); ask again for the rest.
 *
 * ```kotlin
 * val next = GetBlocksRequest(fileId = 0, blockSize = 4096, offset = 32, count = 32)
 * val missing = GetBlocksRequest.forBlocks(fileId = 0, blockSize = 4096, blockIds = listOf(20, 21, 24, 43))
 * ```
 *
 * @throws IllegalArgumentException when a value is outside AWS's limits.
 */
public class GetBlocksRequest @JvmOverloads constructor(
    /** `f`: the stream file id (0-255). */
    public val fileId: Int,
    /** `l`: the block size in bytes (256-131,072). */
    public val blockSize: Int,
    /** `o`: the first block (0-98,304). */
    public val offset: Int = 0,
    /** `n`: how many blocks (0-98,304); `null` leaves it to the service (131,072 / [blockSize]). */
    public val count: Int? = null,
    /** `s`: the stream version the device expects, or `null` for whichever is current. */
    public val streamVersion: Int? = null,
    /** `c`: a client token (at most 64 bytes of UTF-8) echoed in the answers; `null` sends none. */
    public val clientToken: String? = null,
    /** The blocks wanted, each `>=` [offset]; sent as the bitmap `b`. `null`: [count] blocks from [offset]. */
    public val blockIds: Set<Int>? = null,
) {
    init {
        require(fileId in 0..StreamLimits.MAX_FILE_ID) { "fileId must be 0-${StreamLimits.MAX_FILE_ID}, not $fileId" }
        require(blockSize in StreamLimits.MIN_BLOCK_SIZE..StreamLimits.MAX_BLOCK_SIZE) {
            "blockSize must be ${StreamLimits.MIN_BLOCK_SIZE}-${StreamLimits.MAX_BLOCK_SIZE} bytes, not $blockSize"
        }
        require(offset in 0..StreamLimits.MAX_OFFSET) { "offset must be 0-${StreamLimits.MAX_OFFSET}, not $offset" }
        require(count == null || count in 0..StreamLimits.MAX_OFFSET) {
            "count must be 0-${StreamLimits.MAX_OFFSET}, not $count"
        }
        require(clientToken == null || clientToken.encodeToByteArray().size <= StreamLimits.MAX_CLIENT_TOKEN_BYTES) {
            "clientToken must be at most ${StreamLimits.MAX_CLIENT_TOKEN_BYTES} bytes of UTF-8"
        }
        if (blockIds != null) {
            require(blockIds.isNotEmpty()) { "blockIds must not be empty" }
            require(blockIds.all { it >= offset }) { "every block id must be >= offset ($offset)" }
            require(blockIds.max() - offset < StreamLimits.MAX_BITMAP_BYTES * Byte.SIZE_BITS) {
                "blockIds span more than a ${StreamLimits.MAX_BITMAP_BYTES}-byte bitmap covers; split the request"
            }
        }
    }

    /** The bitmap `b` (bit k of byte k / 8, least significant first, is block [offset] + k), or `null`. */
    internal val bitmap: ByteArray? = blockIds?.let { BlockBitmap.encode(offset, it) }

    /** The most blocks the service answers to this request: 128 KiB of data, and no more than asked for. */
    public val maxBlocksPerRequest: Int
        get() = minOf(StreamLimits.MAX_BYTES_PER_REQUEST / blockSize, blockIds?.size ?: count ?: Int.MAX_VALUE)

    /** The block ids this request asks for, in order, before the service's 128 KiB cap. */
    internal fun requestedIds(): Sequence<Int> {
        blockIds?.let { return it.sorted().asSequence() }
        val all = generateSequence(offset) { it + 1 }
        return count?.let { all.take(it) } ?: all
    }

    override fun toString(): String =
        "GetBlocksRequest(file=$fileId, blockSize=$blockSize, offset=$offset, count=$count, blocks=${blockIds?.size})"

    /** Factories. */
    public companion object {
        /**
         * A request for exactly [blockIds] (a bitmap from the lowest of them).
         * @throws IllegalArgumentException when [blockIds] is empty or spans more than the bitmap limit.
         */
        @JvmStatic
        @JvmOverloads
        public fun forBlocks(
            fileId: Int,
            blockSize: Int,
            blockIds: Collection<Int>,
            streamVersion: Int? = null,
            clientToken: String? = null,
        ): GetBlocksRequest {
            require(blockIds.isNotEmpty()) { "blockIds must not be empty" }
            val offset = blockIds.min()
            val ids = blockIds.toSet()
            return GetBlocksRequest(fileId, blockSize, offset, ids.size, streamVersion, clientToken, ids)
        }
    }
}
