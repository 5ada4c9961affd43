package dev.iotsdk.emulator.streams

import dev.iotsdk.emulator.internal.streams.S3Location
import java.nio.file.Files
import java.nio.file.Path

/**
 * A file of an emulated stream: the bytes AWS IoT would read from S3, given as bytes in memory or as a local file
 * (read block by block, so a large file costs no memory).
 *
 * ```kotlin
 * emulator.streams.createStream("firmware", listOf(EmulatedStreamFile.ofPath(0, Path.of("fw.bin"))))
 * ```
 */
public class EmulatedStreamFile private constructor(
    /** The stream file id (0-255). */
    public val fileId: Int,
    internal val bytes: ByteArray?,
    internal val path: Path?,
    /** Where the control plane's CreateStream said the bytes are (`null` for files given to the admin API). */
    internal val location: S3Location?,
) {
    init {
        require(fileId in 0..MAX_FILE_ID) { "fileId must be 0-$MAX_FILE_ID" }
    }

    /** The file's size in bytes. */
    public val size: Long get() = bytes?.size?.toLong() ?: Files.size(checkNotNull(path))

    override fun toString(): String = "EmulatedStreamFile($fileId, ${path ?: "${bytes?.size} bytes"})"

    /** Factories. */
    public companion object {
        private const val MAX_FILE_ID = 255

        /** [source]'s bytes as file [fileId]. */
        internal fun withId(fileId: Int, source: EmulatedStreamFile, location: S3Location) =
            EmulatedStreamFile(fileId, source.bytes, source.path, location)

        /** A file holding a copy of [bytes]. */
        @JvmStatic
        public fun ofBytes(fileId: Int, bytes: ByteArray): EmulatedStreamFile =
            EmulatedStreamFile(fileId, bytes.copyOf(), null, null)

        /** A file read from [path] when devices ask for its blocks (it must stay in place). */
        @JvmStatic
        public fun ofPath(fileId: Int, path: Path): EmulatedStreamFile {
            require(Files.isRegularFile(path)) { "$path is not a readable file" }
            return EmulatedStreamFile(fileId, null, path, null)
        }
    }
}
