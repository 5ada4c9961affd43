package dev.iotsdk.streams

import dev.iotsdk.streams.internal.StreamLimits
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * Settings of a [StreamsClient].
 *
 * | setting | default | why |
 * |---|---|---|
 * | [format] | [StreamFormat.CBOR] | bytes as byte strings, a quarter fewer than JSON's base64; what AWS OTA uses |
 * | [blockSize] | 32 KiB | four blocks fill AWS's 128 KiB per GetStream (AWS's C libraries: 4 KiB, for MCU RAM) |
 * | [blockTimeout] | 10 s | AWS OTA's `otaconfigFILE_REQUEST_WAIT_MS`: ask again when no block came for this long |
 * | [maxAttempts] | 5 | requests in a row that bring no new block before a download fails |
 * | [requestTimeout] | 30 s | the deadline of [StreamsClient.describe] |
 *
 * ```kotlin
 * val options = StreamsClientOptions(format = StreamFormat.JSON, blockSize = 4096)
 * ```
 * @throws IllegalArgumentException when a value is outside AWS's limits or not positive.
 */
public class StreamsClientOptions @JvmOverloads constructor(
    /** The topics' payload format. */
    public val format: StreamFormat = StreamFormat.CBOR,
    /** The block size in bytes (256-131,072). */
    public val blockSize: Int = DEFAULT_BLOCK_SIZE,
    /** How long a download waits for the next block before asking again. */
    public val blockTimeout: Duration = DEFAULT_BLOCK_TIMEOUT,
    /** Requests in a row without a new block before a download fails with [StreamDownloadException]. */
    public val maxAttempts: Int = DEFAULT_MAX_ATTEMPTS,
    /** The deadline of [StreamsClient.describe]. */
    public val requestTimeout: Duration = DEFAULT_REQUEST_TIMEOUT,
) {
    init {
        require(blockSize in StreamLimits.MIN_BLOCK_SIZE..StreamLimits.MAX_BLOCK_SIZE) {
            "blockSize must be ${StreamLimits.MIN_BLOCK_SIZE}-${StreamLimits.MAX_BLOCK_SIZE} bytes, not $blockSize"
        }
        require(blockTimeout.isPositive()) { "blockTimeout must be positive" }
        require(maxAttempts >= 1) { "maxAttempts must be at least 1" }
        require(requestTimeout.isPositive()) { "requestTimeout must be positive" }
    }

    /** For Java callers: durations as [java.time.Duration]. */
    public constructor(
        format: StreamFormat,
        blockSize: Int,
        blockTimeout: java.time.Duration,
        maxAttempts: Int,
        requestTimeout: java.time.Duration,
    ) : this(format, blockSize, blockTimeout.toKotlinDuration(), maxAttempts, requestTimeout.toKotlinDuration())

    /** [blockTimeout] as a [java.time.Duration]. */
    public fun blockTimeoutJava(): java.time.Duration = blockTimeout.toJavaDuration()

    override fun toString(): String =
        "StreamsClientOptions(format=$format, blockSize=$blockSize, blockTimeout=$blockTimeout, " +
            "maxAttempts=$maxAttempts)"

    private companion object {
        private const val DEFAULT_BLOCK_SIZE = 32 * 1024
        private const val DEFAULT_MAX_ATTEMPTS = 5
        private val DEFAULT_BLOCK_TIMEOUT = 10.seconds
        private val DEFAULT_REQUEST_TIMEOUT = 30.seconds
    }
}
