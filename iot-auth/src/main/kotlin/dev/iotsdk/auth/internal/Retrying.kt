package dev.iotsdk.auth.internal

import dev.iotsdk.auth.CredentialsException
import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.Jitter
import dev.iotsdk.common.internal.Backoff
import kotlinx.coroutines.delay
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds

/**
 * Runs [block] up to [maxAttempts] times while it fails with a retryable [CredentialsException], backing off
 * exponentially without jitter from [baseDelay] up to 64 times [baseDelay].
 */
@OptIn(InternalIotSdkApi::class)
internal suspend fun <T> retryingCredentials(
    maxAttempts: Int,
    baseDelay: Duration = 200.milliseconds,
    block: suspend () -> T,
): T {
    val backoff = Backoff(baseDelay, baseDelay * MAX_GROWTH, Jitter.NONE)
    while (true) {
        try {
            return block()
        } catch (e: CredentialsException) {
            if (!e.isRetryable || backoff.attempt + 1 >= maxAttempts) throw e
        }
        delay(backoff.next())
    }
}

private const val MAX_GROWTH = 64
