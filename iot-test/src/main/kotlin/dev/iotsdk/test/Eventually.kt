@file:JvmName("Eventually")

package dev.iotsdk.test

import kotlinx.coroutines.delay
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource

private val POLL_INTERVAL = 10.milliseconds

/**
 * Polls [condition] every 10 ms until it holds; throws [AssertionError] naming [what] (and [detail], evaluated then)
 * when [timeout] passes first. For state that has no event or flow to await, such as the emulator's counters; await
 * a flow or an event instead wherever there is one.
 *
 * ```kotlin
 * eventually(what = "the job to be QUEUED", detail = { "status ${emulator.jobExecution(job, thing)?.status}" }) {
 *     emulator.jobExecution(job, thing)?.status == "QUEUED"
 * }
 * ```
 * The timeout is measured on the monotonic clock, also under `runTest` (where the 10 ms pauses are virtual).
 */
public suspend fun eventually(
    timeout: Duration = 20.seconds,
    what: String = "condition",
    detail: () -> String = { "" },
    condition: () -> Boolean,
) {
    val start = TimeSource.Monotonic.markNow()
    while (!condition()) {
        if (start.elapsedNow() > timeout) {
            throw AssertionError("timed out after $timeout waiting for $what ${detail()}".trimEnd())
        }
        delay(POLL_INTERVAL)
    }
}
