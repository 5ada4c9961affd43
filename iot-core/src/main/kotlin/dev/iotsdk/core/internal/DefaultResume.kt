package dev.iotsdk.core.internal

import dev.iotsdk.common.InternalIotSdkApi
import dev.iotsdk.common.internal.CompletionRelay
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * Resumes a waiting coroutine from the transport's thread (a publish whose write or PUBACK came, a collector whose
 * message came). A coroutine on [Dispatchers.Default], where application code usually runs, is resumed by a
 * [CompletionRelay] drain on a `Default` worker, in place there: the waiters that the transport completes together
 * share one dispatch instead of a dispatch (and a worker wake-up) each. Any other coroutine is resumed as usual,
 * through its own dispatcher (`Unconfined` in place, a single-thread dispatcher on its thread).
 *
 * ```kotlin
 * transport.publish(message) { result -> DefaultResume.resume(waiter, result) }
 * ```
 */
@OptIn(InternalIotSdkApi::class, ExperimentalCoroutinesApi::class)
internal object DefaultResume {
    private val relay = CompletionRelay(Dispatchers.Default)

    /** Resumes [cont] with [value] (see the object's description). */
    fun <T> resume(cont: CancellableContinuation<T>, value: T) {
        if (onDefault(cont)) {
            relay.execute { with(cont) { Dispatchers.Default.resumeUndispatched(value) } }
        } else {
            cont.resume(value)
        }
    }

    /** Resumes [cont] with [error] (see the object's description). */
    fun resumeWithException(cont: CancellableContinuation<*>, error: Throwable) {
        if (onDefault(cont)) {
            relay.execute { with(cont) { Dispatchers.Default.resumeUndispatchedWithException(error) } }
        } else {
            cont.resumeWithException(error)
        }
    }

    private fun onDefault(cont: CancellableContinuation<*>) =
        cont.context[ContinuationInterceptor] === Dispatchers.Default
}
