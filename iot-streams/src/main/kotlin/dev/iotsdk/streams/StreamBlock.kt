package dev.iotsdk.streams

/**
 * One block of a stream file, as GetStream delivers it (`…/data/<format>`, one message per block).
 *
 * ```kotlin
 * streams.getBlocks(GetBlocksRequest(fileId = 0, blockSize = 4096, offset = 0, count = 8), fileSize = 30_000)
 *     .collect { block -> file.write(ByteBuffer.wrap(block.data), block.blockId * 4096L) }
 * ```
 *
 * [data] is the array the block was decoded into; the SDK keeps no reference to it.
 */
public class StreamBlock internal constructor(
    /** `f`: the file the block belongs to. */
    public val fileId: Int,
    /** `i`: the block's number within the file, from 0. */
    public val blockId: Int,
    /** `p`: the block's bytes (`l` of them); the last block of a file may be shorter than the block size. */
    public val data: ByteArray,
    /** `c`: the client token of the request, echoed, if it had one. */
    public val clientToken: String?,
) {
    override fun toString(): String = "StreamBlock(file=$fileId, block=$blockId, ${data.size} bytes)"
}
