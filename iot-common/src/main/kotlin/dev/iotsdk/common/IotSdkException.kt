package dev.iotsdk.common

/**
 * The root of every exception iotsdk throws on purpose.
 *
 * Two branches sit below it: [IotClientException] for problems found on this side (bad input, a connection that
 * could not be made, a deadline that passed) and [IotServiceException] for answers AWS IoT gave (a rejected
 * request, a CONNACK or PUBACK failure reason, an HTTP error status). [isRetryable] tells whether the same call
 * may succeed if tried again unchanged.
 *
 * The hierarchy is unchecked (it extends [RuntimeException], as the AWS SDK for Java v2's `SdkException` does), so
 * Java code catches any documented type at the call that throws it:
 *
 * ```java
 * try {
 *     TlsIdentity identity = TlsIdentity.fromPemFiles(certPath, keyPath);
 * } catch (TlsMaterialException e) {
 *     System.err.println(e.getMessage());
 * }
 * ```
 *
 * `CancellationException` is never wrapped in this hierarchy: cancellation propagates as itself.
 */
public open class IotSdkException(
    message: String,
    cause: Throwable? = null,
    /** Whether repeating the same operation unchanged may succeed (throttling, a lost connection, a 5xx). */
    public val isRetryable: Boolean = false,
) : RuntimeException(message, cause)
