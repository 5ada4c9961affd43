package dev.iotsdk.emulator.streams

import dev.iotsdk.emulator.internal.streams.StreamRecord
import dev.iotsdk.emulator.internal.streams.StreamStore

/**
 * AWS IoT MQTT-based file delivery in the emulator ([dev.iotsdk.emulator.IotEmulator.streams]): streams whose files
 * are local bytes or paths instead of S3 objects. Devices DescribeStream and GetStream over MQTT
 * (`$aws/things/<thing>/streams/<stream>/…`); the control plane's CreateStream and friends work too, with
 * `s3Location`s naming objects put here with [putObject].
 *
 * ```kotlin
 * emulator.streams.createStream("firmware-v2", listOf(EmulatedStreamFile.ofPath(0, Path.of("fw.bin"))))
 * // or, for `aws iot create-stream --files fileId=0,s3Location={bucket=b,key=fw.bin}`:
 * emulator.streams.putObject("b", "fw.bin", EmulatedStreamFile.ofPath(0, Path.of("fw.bin")))
 * ```
 * Every method may be called from any thread.
 */
public class StreamsEmulator internal constructor(private val store: StreamStore) {
    /**
     * Creates (or replaces, with version + 1) stream [streamId] holding [files], and returns its version.
     * @throws IllegalArgumentException for an invalid stream id, no files, more than 50, or a repeated file id.
     */
    @JvmOverloads
    public fun createStream(streamId: String, files: List<EmulatedStreamFile>, description: String? = null): Int {
        require(streamId.matches(Regex("[a-zA-Z0-9_-]{1,128}"))) {
            "streamId must be 1-128 characters of [a-zA-Z0-9_-]"
        }
        require(files.size in 1..MAX_FILES) { "a stream holds 1-$MAX_FILES files" }
        require(files.map { it.fileId }.toSet().size == files.size) { "file ids must differ" }
        synchronized(store) {
            val old = store.streams[streamId]
            val now = System.currentTimeMillis() / MILLIS
            val record = StreamRecord(
                streamId,
                (old?.version ?: 0) + 1,
                description,
                files.associateBy { it.fileId },
                old?.roleArn ?: ROLE_ARN,
                old?.createdAt ?: now,
                now,
            )
            store.streams[streamId] = record
            return record.version
        }
    }

    /** Deletes stream [streamId]; returns whether it existed. */
    public fun deleteStream(streamId: String): Boolean = store.streams.remove(streamId) != null

    /** The current version of [streamId], or `null` when there is no such stream. */
    public fun streamVersion(streamId: String): Int? = store.streams[streamId]?.version

    /** Puts [file]'s bytes at `s3://[bucket]/[key]` of the emulator's stand-in S3, for CreateStream's files. */
    public fun putObject(bucket: String, key: String, file: EmulatedStreamFile) {
        store.objects[bucket to key] = file
    }

    /** Blocks served to devices from [streamId] so far (every GetStream answer's blocks). */
    public fun blocksServed(streamId: String): Long = store.streams[streamId]?.blocksServed?.get() ?: 0

    /** GetStream requests answered for [streamId] so far (rejections included). */
    public fun getRequests(streamId: String): Long = store.streams[streamId]?.getRequests?.get() ?: 0

    private companion object {
        private const val MAX_FILES = 50
        private const val MILLIS = 1000.0
        private const val ROLE_ARN = "arn:aws:iam::123456789012:role/iot-emulator-streams"
    }
}
