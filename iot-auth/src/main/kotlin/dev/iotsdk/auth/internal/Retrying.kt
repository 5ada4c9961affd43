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
 * exponentially without jitter from [baseDelay] up to 64 times [baseDelay]. Each attempt and failure is logged
 * ([CredentialsLog]) as [operation] of [source].
 */
@OptIn(InternalIotSdkApi::class)
internal suspend fun <T> retryingCredentials(
    maxAttempts: Int,
    source: Any,
    operation: String,
    baseDelay: Duration = 200.milliseconds,
    block: suspend () -> T,
): T {
    val backoff = Backoff(baseDelay, baseDelay * MAX_GROWTH, Jitter.NONE)
    while (true) {
        val attempt = backoff.attempt + 1
        CredentialsLog.requesting(source, operation, attempt)
        try {
            return block()
        } catch (e: CredentialsException) {
            if (!e.isRetryable || attempt >= maxAttempts) {
                CredentialsLog.failed(source, operation, attempt, null, e)
                throw e
            }
            val wait = backoff.next()
            CredentialsLog.failed(source, operation, attempt, wait.inWholeMilliseconds, e)
            delay(wait)
        }
    }
}

private const val MAX_GROWTH = 64
