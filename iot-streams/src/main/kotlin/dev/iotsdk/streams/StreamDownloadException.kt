package dev.iotsdk.streams

import dev.iotsdk.common.IotClientException

/**
 * A download could not finish: no block arrived for [StreamsClientOptions.blockTimeout] after
 * [StreamsClientOptions.maxAttempts] requests in a row, the stream does not hold the file, or the target file could
 * not be written. What was received stays on disk; calling [StreamsClient.download] again resumes from it.
 *
 * ```kotlin
 * try { streams.downloadTo(FileDownload(0, Path.of("fw.bin"))) } catch (e: StreamDownloadException) {
 *     if (e.isRetryable) retryLater() else reportJobFailed(e.message)
 * }
 * ```
 */
public class StreamDownloadException internal constructor(
    message: String,
    cause: Throwable? = null,
    isRetryable: Boolean,
) : IotClientException(message, cause, isRetryable)

/**
 * The downloaded file failed its check ([FileVerifier]): wrong SHA-256 digest or signature. The SDK deletes the file
 * and its sidecar, so the next download starts over.
 *
 * ```kotlin
 * catch (e: StreamVerificationException) { jobContext.fail("signature check failed") }
 * ```
 */
public class StreamVerificationException(message: String) : IotClientException(message, null, false)
