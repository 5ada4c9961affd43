package dev.iotsdk.streams

/**
 * The answer to DescribeStream (`…/description/<format>`): the stream's version, description and files.
 *
 * ```kotlin
 * val description = streams.describe()
 * val firmware = description.files.single { it.fileId == 0 }
 * println("${firmware.size} bytes, stream version ${description.streamVersion}")
 * ```
 *
 * Stability: a read-only view of AWS's answer; AWS may add fields, which later versions may add here.
 */
public class StreamDescription internal constructor(
    /** `s`: the stream's version (0-65535); GetStream requests naming another version draw `VersionMismatch`. */
    public val streamVersion: Int,
    /** `d`: the stream's description, if it has one. */
    public val description: String?,
    /** `r`: the stream's files. */
    public val files: List<StreamFile>,
    /** `c`: the client token echoed from the request, if any. */
    public val clientToken: String?,
) {
    /** The file with id [fileId], or `null` when the stream has none. */
    public fun file(fileId: Int): StreamFile? = files.firstOrNull { it.fileId == fileId }

    override fun toString(): String = "StreamDescription(version=$streamVersion, files=$files)"
}

/**
 * One file of a stream, as DescribeStream lists it.
 *
 * ```kotlin
 * streams.describe().files.forEach { println("file ${it.fileId}: ${it.size} bytes") }
 * ```
 */
public class StreamFile internal constructor(
    /** `f`: the file's id within the stream (0-255). */
    public val fileId: Int,
    /** `z`: the file's size in bytes. */
    public val size: Long,
) {
    override fun toString(): String = "StreamFile(id=$fileId, size=$size)"
}
