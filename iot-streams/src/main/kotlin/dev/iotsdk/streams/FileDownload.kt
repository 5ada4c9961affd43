package dev.iotsdk.streams

import java.nio.file.Path

/**
 * What [StreamsClient.download] fetches: file [fileId] of the stream into [target], checked by [verifier].
 *
 * Next to [target] the download keeps a sidecar, `<target>.blocks`: a small header and one bit per block received.
 * A later download of the same stream, file, size and block size resumes from it, whatever stopped the earlier one
 * (a cancelled call, a killed process); the sidecar is deleted when the file is complete and verified.
 *
 * ```kotlin
 * FileDownload(fileId = 0, target = Path.of("/var/ota/firmware.bin"), fileSize = 10240,
 *     verifier = FileVerifier.sha256("9f86d0…"))
 * ```
 */
public class FileDownload @JvmOverloads constructor(
    /** The stream file id (0-255): the OTA job document's `fileid`. */
    public val fileId: Int,
    /** Where the file goes; its parent directory must exist. */
    public val target: Path,
    /** The file's size (the job document's `filesize`), or `null` to ask DescribeStream. */
    public val fileSize: Long? = null,
    /** The check the finished file must pass. */
    public val verifier: FileVerifier = FileVerifier.NONE,
) {
    init {
        require(fileId in 0..MAX_FILE_ID) { "fileId must be 0-$MAX_FILE_ID, not $fileId" }
        require(fileSize == null || fileSize >= 0) { "fileSize must not be negative" }
    }

    /** The sidecar that records which blocks are on disk. */
    public val sidecar: Path get() = target.resolveSibling("${target.fileName}.blocks")

    override fun toString(): String = "FileDownload(file=$fileId, target=$target, size=$fileSize)"

    private companion object {
        private const val MAX_FILE_ID = 255
    }
}
