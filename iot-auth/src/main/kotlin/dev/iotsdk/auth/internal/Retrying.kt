package dev.iotsdk.auth.internal

import dev.iotsdk.auth.CredentialsException
import kotlinx.coroutines.delay
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds

/**
 * Runs [block] up to [maxAttempts] times while it fails with a retryable [CredentialsException], backing off
 * exponentially.
 */
internal suspend fun <T> retryingCredentials(
    maxAttempts: Int,
    baseDelay: Duration = 200.milliseconds,
    block: suspend () -> T,
): T {
    var attempt = 1
    while (true) {
        try {
            return block()
        } catch (e: CredentialsException) {
            if (!e.isRetryable || attempt >= maxAttempts) throw e
        }
        delay(baseDelay * (1 shl (attempt - 1).coerceAtMost(MAX_SHIFT)))
        attempt++
    }
}

private const val MAX_SHIFT = 6
