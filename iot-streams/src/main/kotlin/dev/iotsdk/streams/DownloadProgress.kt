package dev.iotsdk.streams

/**
 * Where a download stands, as [StreamsClient.download] emits it: once when it starts (after reading the sidecar),
 * after every block written, once while verifying and once when complete (the flow's last item).
 *
 * ```kotlin
 * streams.download(FileDownload(0, path)).collect { p -> println("${p.receivedBytes * 100 / p.fileSize}%") }
 * ```
 */
public class DownloadProgress internal constructor(
    /** The stage. */
    public val state: DownloadState,
    /** The stream file id. */
    public val fileId: Int,
    /** The file's size in bytes. */
    public val fileSize: Long,
    /** Blocks of the file in all. */
    public val totalBlocks: Int,
    /** Blocks on disk now (resumed ones included). */
    public val receivedBlocks: Int,
    private val counts: DownloadCounts,
) {
    /** Bytes on disk now. */
    public val receivedBytes: Long = minOf(fileSize, receivedBlocks.toLong() * counts.blockSize)

    /** Blocks found on disk at the start (from the sidecar), not downloaded again. */
    public val resumedBlocks: Int = counts.resumed

    /** Blocks asked for so far by this download (each time a block is asked for counts). */
    public val requestedBlocks: Long = counts.requested

    /** Of [requestedBlocks], those asked for more than once (lost to a cut connection, a timeout). */
    public val reRequestedBlocks: Long = counts.reRequested

    override fun toString(): String =
        "DownloadProgress($state, file=$fileId, $receivedBlocks/$totalBlocks blocks, resumed=$resumedBlocks, " +
            "requested=$requestedBlocks, reRequested=$reRequestedBlocks)"
}

/** A download's counters when a [DownloadProgress] was made. */
internal class DownloadCounts(val blockSize: Int, val resumed: Int, val requested: Long, val reRequested: Long)

/**
 * The stages of a download.
 *
 * ```kotlin
 * if (progress.state == DownloadState.COMPLETED) install(path)
 * ```
 */
public enum class DownloadState {
    /** The sidecar was read; [DownloadProgress.resumedBlocks] says how much was already on disk. */
    STARTED,

    /** A block was written. */
    RECEIVING,

    /** Every block is on disk; the [FileVerifier] runs. */
    VERIFYING,

    /** Verified; the sidecar is gone. The flow ends after this item. */
    COMPLETED,
}
