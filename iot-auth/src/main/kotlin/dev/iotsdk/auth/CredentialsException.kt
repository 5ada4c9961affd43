package dev.iotsdk.auth

import dev.iotsdk.common.IotClientException

/**
 * No credentials could be obtained: variables missing, a profile or file absent or incomplete, every provider of a
 * chain failed, a credentials endpoint unreachable or answering nonsense. The message says where the provider looked
 * and what to set; it never contains a secret. [isRetryable] is `true` when asking again may succeed (a timeout, a
 * connection failure, throttling). Answers from a credentials service are [CredentialsServiceException]s.
 */
public open class CredentialsException @JvmOverloads constructor(
    message: String,
    cause: Throwable? = null,
    isRetryable: Boolean = false,
) : IotClientException(message, cause, isRetryable)
